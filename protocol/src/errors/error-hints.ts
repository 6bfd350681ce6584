import { ACCESS_ERRORS, type AccessErrorCode } from './access-errors.js';
import type { ErrorCode } from './error-codes.js';
import { NATIVE_ERROR_HINTS, type NativeErrorHintId } from './native-error-hints.js';

/** What to do about an error: English for developers and logs, zh-TW for the counter. */
export interface ErrorHint {
  /** English. */
  readonly hint: string;
  /** zh-TW, as shown to clinic staff. */
  readonly hintZh: string;
}

const accessHint = (code: AccessErrorCode): ErrorHint => ({
  hint: ACCESS_ERRORS[code].hint,
  hintZh: ACCESS_ERRORS[code].hintZh,
});

/** A code whose advice is word for word one of the native catalog's shared hints. */
const nativeHint = (id: NativeErrorHintId): ErrorHint => ({
  hint: NATIVE_ERROR_HINTS[id].en,
  hintZh: NATIVE_ERROR_HINTS[id].zh,
});

/**
 * The hint of every protocol error code, for errors no native code explains: a broker error
 * without a catalog entry (a card taken out, no card, a scope refused) carries this one, so a
 * page never has to word its own Chinese. A native code's own catalog hint takes precedence.
 */
export const ERROR_HINTS: { readonly [C in ErrorCode]: ErrorHint } = {
  BAD_REQUEST: {
    hint: 'Fix the request as the message says; sending it again unchanged fails the same way',
    hintZh: '請依訊息修正請求內容；原樣重送仍會失敗',
  },
  UNKNOWN_OP: {
    hint: 'Use an op this broker version knows (see hello and PROTOCOL.md)',
    hintZh: '請改用此版讀卡服務支援的操作',
  },
  UNAUTHORIZED: accessHint('UNAUTHORIZED'),
  ORIGIN_NOT_ALLOWED: accessHint('ORIGIN_NOT_ALLOWED'),
  ACCESS_PENDING: accessHint('ACCESS_PENDING'),
  ACCESS_DENIED: accessHint('ACCESS_DENIED'),
  FORBIDDEN: {
    hint: 'This connection lacks the scope for it; ask for the read scope when connecting',
    hintZh: '此連線沒有讀取卡片資料的權限，請向資訊人員申請讀取權限',
  },
  NO_READER: {
    hint: 'Connect the card reader, or name one of the attached readers',
    hintZh: '請確認讀卡機已連接，或指定已連接的讀卡機',
  },
  READER_ERROR: {
    hint: 'Check the card reader and its cable; it recovers by itself once it answers again',
    hintZh: '請檢查讀卡機與連接線，恢復後會自動重新偵測',
  },
  NO_CARD: nativeHint('insertNhiCard'),
  CARD_REMOVED: {
    hint: 'Insert the NHI card again and keep it in until the read ends',
    hintZh: '請重新插入健保卡，讀取完成前請勿拔卡',
  },
  NOT_AN_NHI_CARD: nativeHint('notNhiCard'),
  PIN_REQUIRED: {
    hint: "The holder enters the card's PIN when the reader (or csHIS's dialog) asks",
    hintZh: '請持卡人於讀卡機或健保卡密碼視窗輸入健保卡密碼',
  },
  HPC_REQUIRED: {
    hint: "Insert the health-professional card (HPC) in the reader's second slot and verify its PIN",
    hintZh: '請插入醫事人員卡並完成密碼驗證',
  },
  SAM_ERROR: {
    hint: 'Check the SAM and that this PC reaches the NHI data centre, then try again',
    hintZh: '請確認安全模組卡 (SAM) 及與健保署連線正常後再試',
  },
  NETWORK_ERROR: {
    hint: 'Check the network connection to the NHI (VPN), then try again',
    hintZh: '請確認與健保署的網路 (VPN) 連線正常後再試',
  },
  CARD_ERROR: nativeHint('reinsertOrAskNhia'),
  UNSUPPORTED: {
    hint: 'Use a driver that can do this (see the driver table in README.md)',
    hintZh: '此讀卡方式不支援此項功能，請改用可支援的讀卡方式',
  },
  BUSY: { hint: 'Try again in a moment', hintZh: '讀卡服務忙碌中，請稍後再試' },
  TIMEOUT: {
    hint: 'Try again; if it keeps timing out, check the card reader',
    hintZh: '讀卡逾時，請再試一次；仍逾時請檢查讀卡機',
  },
  RATE_LIMITED: {
    hint: 'Send requests more slowly',
    hintZh: '請求過於頻繁，請稍後再試',
  },
  INTERNAL: {
    hint: 'Try again; if it persists, send the broker log to support',
    hintZh: '請再試一次；仍失敗請將讀卡服務紀錄提供給資訊人員',
  },
  DISCONNECTED: {
    hint: 'Check that the card broker (nhicard) is running; the client reconnects by itself',
    hintZh: '請確認讀卡服務 (nhicard) 正在執行，連線恢復後會自動重連',
  },
  ABORTED: {
    hint: 'The caller cancelled the request; nothing to do',
    hintZh: '請求已取消，無需處理',
  },
  LOCAL_NETWORK_DENIED: {
    hint: 'Click the icon left of the address, set "Local network access" to Allow and reload. Managed PCs: the LocalNetworkAccessAllowedForUrls policy.',
    hintZh:
      '請點網址列左側圖示，將「區域網路存取」設為允許後重新整理；受管理電腦請設定 LocalNetworkAccessAllowedForUrls 原則',
  },
  TLS_UNTRUSTED: {
    hint: 'Run `nhicard tls install` as the user who browses, then restart the browser.',
    hintZh: '請以使用瀏覽器的帳號執行 nhicard tls install 安裝本機憑證，再重新啟動瀏覽器',
  },
};
