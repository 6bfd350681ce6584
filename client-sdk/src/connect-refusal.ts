import { ACCESS_ERRORS, type AccessErrorCode, type AccessErrorText } from '@nhicard/protocol';
import { NhiCardError } from './nhicard-error.js';

/**
 * Why a connection was refused in a way retrying cannot fix: the broker's typed refusals, and
 * the two the client tells itself (the browser's Local Network Access permission is denied;
 * the broker's certificate is not trusted). The client stops reconnecting on these until
 * `connect()` or `requestAccess()`.
 */
export type ConnectRefusalCode = AccessErrorCode | 'LOCAL_NETWORK_DENIED' | 'TLS_UNTRUSTED';

/** The texts of the refusals the client detects itself (the broker never sends these). */
const CLIENT_REFUSALS: Readonly<
  Record<Exclude<ConnectRefusalCode, AccessErrorCode>, AccessErrorText>
> = {
  LOCAL_NETWORK_DENIED: {
    message: "The browser's Local Network Access permission for this page is denied.",
    messageZh: '瀏覽器封鎖此網頁連線本機讀卡服務（區域網路存取權限遭拒）',
    hint: 'Click the icon left of the address, set "Local network access" to Allow and reload. Managed PCs: the LocalNetworkAccessAllowedForUrls policy.',
    hintZh:
      '請點網址列左側圖示，將「區域網路存取」設為允許後重新整理；受管理電腦請設定 LocalNetworkAccessAllowedForUrls 原則',
  },
  TLS_UNTRUSTED: {
    message: "The card broker's certificate is not trusted here.",
    messageZh: '此電腦不信任讀卡服務的安全連線憑證',
    hint: 'Run `nhicard tls install` as the user who browses, then restart the browser.',
    hintZh: '請以使用瀏覽器的帳號執行 nhicard tls install 安裝本機憑證，再重新啟動瀏覽器',
  },
};

/** The texts of a refusal, from either catalog. */
function refusalText(code: ConnectRefusalCode): AccessErrorText {
  return code === 'LOCAL_NETWORK_DENIED' || code === 'TLS_UNTRUSTED'
    ? CLIENT_REFUSALS[code]
    : ACCESS_ERRORS[code];
}

/**
 * The refusal as the SDK's error: English message, zh-TW message and both hints. `detail`
 * (what the broker's HTTP refusal said, for clients that can read it) replaces the message.
 */
export function refusalError(code: ConnectRefusalCode, detail?: string): NhiCardError {
  const text = refusalText(code);
  return new NhiCardError({
    code,
    message: detail === undefined || detail === '' ? text.message : detail,
    messageZh: text.messageZh,
    retryable: false,
    hint: text.hint,
    hintZh: text.hintZh,
  });
}
