import type { ErrorCode } from './error-codes.js';

/** The refusals a page can meet when it connects, before any `hello`. */
const ACCESS_ERROR_CODES = [
  'ORIGIN_NOT_ALLOWED',
  'ACCESS_PENDING',
  'ACCESS_DENIED',
  'UNAUTHORIZED',
] as const satisfies readonly ErrorCode[];

/** One of {@link ACCESS_ERROR_CODES}. */
export type AccessErrorCode = (typeof ACCESS_ERROR_CODES)[number];

/** What a refusal says: English for developers, zh-TW for the person at the counter, and what to do. */
export interface AccessErrorText {
  readonly message: string;
  readonly messageZh: string;
  readonly hint: string;
  readonly hintZh: string;
}

/**
 * The catalog of access refusals. The broker sends only the code (as the reason of a 1008
 * close, which a browser can read where it cannot read an HTTP refusal); both sides build the
 * texts from here, so they never carry anything but these words.
 */
export const ACCESS_ERRORS: Readonly<Record<AccessErrorCode, AccessErrorText>> = {
  ORIGIN_NOT_ALLOWED: {
    message: "This page's origin is not allowed to connect to the card broker.",
    messageZh: '此網頁的來源未獲准連線讀卡服務',
    hint: 'Add the origin to the broker\'s `origins` setting with its scopes (config file `"origins": { "<origin>": ["presence", "read"] }`, env NHICARD_ORIGINS, flag --allow-origin <origin>=presence,read), or ask for access (requestAccess) and approve it on this PC with `nhicard access approve <origin>`.',
    hintZh:
      '請資訊人員將此網頁來源加入讀卡服務設定 origins（環境變數 NHICARD_ORIGINS、參數 --allow-origin），或由此網頁提出連線申請，並在本機執行 nhicard access approve 核准',
  },
  ACCESS_PENDING: {
    message: "This page's request for access waits for approval by a person on this PC.",
    messageZh: '此網頁的連線申請尚待本機人員核准',
    hint: 'On this PC run `nhicard access list`, then `nhicard access approve <origin>`; connect again afterwards.',
    hintZh: '請在本機執行 nhicard access list 查看，再以 nhicard access approve 核准後重新連線',
  },
  ACCESS_DENIED: {
    message: "This page's access was denied or revoked on this PC.",
    messageZh: '此網頁的連線已被本機人員拒絕或撤銷',
    hint: 'Only a person on this PC can change that: `nhicard access approve <origin>`.',
    hintZh: '只有本機人員能變更：nhicard access approve',
  },
  UNAUTHORIZED: {
    message: 'This connection needs a token: it comes from another OS user, or without an origin.',
    messageZh: '此連線需要權杖（來自其他作業系統使用者，或不是瀏覽器）',
    hint: 'Present a token the broker knows (Authorization: Bearer … or ?token=…).',
    hintZh: '請提供讀卡服務設定中的權杖',
  },
};

/** Whether `value` names an access refusal (e.g. the reason of a 1008 close). */
export function isAccessErrorCode(value: unknown): value is AccessErrorCode {
  return typeof value === 'string' && (ACCESS_ERROR_CODES as readonly string[]).includes(value);
}
