/** A short piece of advice in both languages. */
export interface NativeErrorHint {
  /** zh-TW, as shown to clinic staff. */
  readonly zh: string;
  /** English. */
  readonly en: string;
}

/**
 * What the user should do, one sentence each, shared by the catalog rows so that the same
 * advice reads the same way for every code that needs it. The SAM folder named here is the
 * one the NHI tables themselves name (9201, 9202); the `COMX1` part follows the reader port.
 */
export const NATIVE_ERROR_HINTS = {
  none: { zh: '無需處理', en: 'No action needed' },

  // The NHI card.
  insertNhiCard: { zh: '請插入健保卡', en: 'Insert the NHI card' },
  reinsertNhiCard: { zh: '請重新插入健保卡後再試', en: 'Reinsert the NHI card and try again' },
  reinsertOrAskNhia: {
    zh: '請重新插入健保卡再試，仍失敗請持卡人洽健保署',
    en: 'Reinsert the NHI card and try again; if it still fails, the holder should contact the NHIA',
  },
  notNhiCard: { zh: '請改插健保卡', en: 'Insert an NHI card instead' },
  retryWrite: {
    zh: '請確認健保卡已插妥後再寫入一次',
    en: 'Check that the NHI card is seated properly and write again',
  },
  updateCard: {
    zh: '請在連網狀態下更新健保卡後再試',
    en: 'Update the NHI card online with the NHI data centre and try again',
  },
  updateOrReplaceCard: {
    zh: '請在連網狀態下更新健保卡，仍無效請持卡人申請換發新卡',
    en: 'Update the NHI card online; if it is still refused, the holder needs a new card',
  },
  replaceCard: {
    zh: '請持卡人向健保署申請換發新卡',
    en: 'The holder must apply to the NHIA for a new card',
  },
  askNhia: { zh: '請持卡人洽健保署', en: 'The holder should contact the NHIA' },
  cardStillValid: {
    zh: '卡片尚可使用，不需更新',
    en: 'The card is still usable; no update is needed',
  },
  checkInsurance: {
    zh: '請持卡人洽健保署確認投保狀態',
    en: 'The holder should check their insurance status with the NHIA',
  },
  newbornOwnCard: { zh: '請改用新生兒本人的健保卡', en: "Use the newborn's own NHI card" },
  checkPatient: {
    zh: '請確認卡片與資料屬於同一位病人',
    en: 'Check that the card and the data belong to the same patient',
  },
  checkVisitData: { zh: '請確認輸入的就醫資料', en: 'Check the visit data entered' },
  restrictedHospital: {
    zh: '持卡人限定於指定醫療院所就醫',
    en: 'The holder may only be treated at their designated institution',
  },
  noPermission: {
    zh: '此卡片或院所無執行此作業的權限',
    en: 'This card or institution is not allowed to do this',
  },
  retryFlagEntry: {
    zh: '如需寫入註記，請重新操作',
    en: 'Start again if the flag should be written',
  },

  // The holder's PIN.
  enterPin: { zh: '請重新輸入正確的健保卡密碼', en: 'Enter the correct NHI card PIN' },
  enterPinFirst: { zh: '請先輸入健保卡密碼', en: 'Enter the NHI card PIN first' },
  enterNewPinTwice: {
    zh: '請將新密碼輸入兩次且兩次相同',
    en: 'Enter the same new PIN twice',
  },
  retryPinEntry: { zh: '請重新操作並輸入密碼', en: 'Start again and enter the PIN' },
  retryPinChange: {
    zh: '請確認健保卡已插妥後重新操作',
    en: 'Check that the NHI card is seated properly and start again',
  },
  removeHpc: { zh: '請先移除醫事人員卡', en: 'Remove the health-professional card first' },

  // The health-professional card.
  insertHpc: { zh: '請插入醫事人員卡', en: 'Insert the health-professional card' },
  reinsertHpc: {
    zh: '請重新插入醫事人員卡後再試',
    en: 'Reinsert the health-professional card and try again',
  },
  insertValidHpc: {
    zh: '請改插有效的醫事人員卡',
    en: 'Insert a valid health-professional card instead',
  },
  insertPhysicianCard: {
    zh: '請改插醫師的醫事人員卡',
    en: "Insert a physician's health-professional card instead",
  },
  enterHpcPin: {
    zh: '請輸入醫事人員卡密碼',
    en: 'Enter the PIN of the health-professional card',
  },
  unlockHpc: {
    zh: '請先解鎖醫事人員卡',
    en: 'Unlock the health-professional card first',
  },

  // The reader.
  checkReader: {
    zh: '請確認讀卡機已連接並開啟後再試',
    en: 'Check that the card reader is connected and switched on, then try again',
  },
  checkReaderPort: {
    zh: '請關閉其他使用讀卡機的程式並確認連接埠設定後再試',
    en: 'Close other programs using the reader, check the port setting and try again',
  },

  // The SAM.
  checkSamFile: {
    zh: '請確認 C:\\NHI\\SAM\\COMX1 目錄內只有一個健保署發給的正確安全模組檔',
    en: 'Make sure C:\\NHI\\SAM\\COMX1 holds exactly one correct SAM file issued by the NHIA',
  },
  retrySam: {
    zh: '請確認安全模組檔正確後再試',
    en: 'Check that the SAM file is correct and try again',
  },
  waitSamAuth: {
    zh: '請確認網路暢通，待安全模組完成認證後再試',
    en: 'Check the network, wait for the SAM to finish authenticating and try again',
  },
  retrySamAuth: {
    zh: '請確認網路暢通後重新認證安全模組，仍失敗請洽健保署',
    en: 'Check the network and authenticate the SAM again; if it still fails, contact the NHIA',
  },
  samContract: {
    zh: '請洽健保署分區業務組確認安全模組合約',
    en: "Contact the NHIA's regional office about the SAM contract",
  },
  startSamConsole: { zh: '請啟動雲端安全模組主控台', en: 'Start the cloud SAM console' },
  cardEnvMismatch: {
    zh: '請使用同一環境的卡片，正式卡與測試卡不能混用',
    en: 'Use cards of one environment: production and test cards cannot be mixed',
  },

  // The network and the NHI data centre.
  checkNetwork: { zh: '請檢查網路連線後再試', en: 'Check the network connection and try again' },
  retryLater: {
    zh: '服務暫時無法使用，請稍後再試',
    en: 'The service is unavailable; try again later',
  },
  updateCsHis: {
    zh: '請將讀卡機控制軟體更新至最新版本',
    en: 'Update the card-reader control software (csHIS) to the current version',
  },

  // The computer and the installation.
  syncClock: {
    zh: '請校正電腦系統時間後再試',
    en: "Correct the computer's date and time and try again",
  },
  freeMemory: {
    zh: '請關閉其他程式或重新開機後再試',
    en: 'Close other programs or restart the computer, then try again',
  },
  checkFiles: {
    zh: '請確認檔案存在且有存取權限',
    en: 'Check that the file exists and may be opened',
  },
  reportToIt: {
    zh: '請記下錯誤代碼並通知資訊人員',
    en: 'Note the error code and tell IT support',
  },

  // The virtual NHI card.
  scanVhcQr: {
    zh: '請掃描就診民眾的虛擬健保卡 QRCode',
    en: "Scan the patient's virtual NHI card QR code",
  },
  rescanQr: {
    zh: '請就診民眾重新產生 QRCode 後再掃描',
    en: 'Ask the patient to generate a new QR code and scan it again',
  },
  restartApp: {
    zh: '請關閉程式後再重新啟動',
    en: 'Close the program and start it again',
  },
  reinstallVhc: {
    zh: '請重新安裝虛擬健保卡 SDK，或聯絡虛擬健保卡技術團隊',
    en: 'Reinstall the virtual-card SDK, or contact the virtual NHI card support team',
  },
  retryThenVhcSupport: {
    zh: '請再試一次，仍失敗請聯絡虛擬健保卡技術團隊',
    en: 'Try again; if it still fails, contact the virtual NHI card support team',
  },
  vhcSupport: {
    zh: '請聯絡虛擬健保卡技術團隊',
    en: 'Contact the virtual NHI card support team',
  },
  joinVhcPilot: {
    zh: '請向健保署申請參與虛擬健保卡',
    en: 'Apply to the NHIA to take part in the virtual NHI card programme',
  },
  updateVhcSdk: {
    zh: '請將虛擬健保卡 SDK 更新至最新版本',
    en: 'Update the virtual-card SDK to the current version',
  },
  checkSdkMode: {
    zh: '請確認虛擬健保卡 SDK 的連線／離線模式',
    en: 'Check whether the virtual-card SDK should be online or offline',
  },
  goOnline: { zh: '請連上網路後再試', en: 'Connect to the network and try again' },
  checkDatabase: {
    zh: '請確認虛擬健保卡 SDK 的本機資料庫可用後再試',
    en: "Check the virtual-card SDK's local database and try again",
  },
} as const satisfies Record<string, NativeErrorHint>;

/** The id of one shared hint. */
export type NativeErrorHintId = keyof typeof NATIVE_ERROR_HINTS;
