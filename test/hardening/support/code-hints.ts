/**
 * The hint pair a broker error without a native code carries, written out here (not read from
 * `ERROR_HINTS`) so a test fails when a code loses its hint or gets another code's advice.
 */
export const CODE_HINTS = {
  NOT_AN_NHI_CARD: { hint: 'Insert an NHI card instead', hintZh: '請改插健保卡' },
  CARD_REMOVED: {
    hint: 'Insert the NHI card again and keep it in until the read ends',
    hintZh: '請重新插入健保卡，讀取完成前請勿拔卡',
  },
  READER_ERROR: {
    hint: 'Check the card reader and its cable; it recovers by itself once it answers again',
    hintZh: '請檢查讀卡機與連接線，恢復後會自動重新偵測',
  },
  NO_READER: {
    hint: 'Connect the card reader, or name one of the attached readers',
    hintZh: '請確認讀卡機已連接，或指定已連接的讀卡機',
  },
  TIMEOUT: {
    hint: 'Try again; if it keeps timing out, check the card reader',
    hintZh: '讀卡逾時，請再試一次；仍逾時請檢查讀卡機',
  },
  INTERNAL: {
    hint: 'Try again; if it persists, send the broker log to support',
    hintZh: '請再試一次；仍失敗請將讀卡服務紀錄提供給資訊人員',
  },
} as const;
