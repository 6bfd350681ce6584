/**
 * The closed set of error codes that can appear in an error object on the wire, with when each
 * happens and whether retrying the same request can help. Native (csHIS, PC/SC, virtual-card)
 * failures are mapped onto this set by the error catalog; the native code and its zh-TW
 * message travel next to it in `error.native`.
 */
export const ERROR_CODES = {
  BAD_REQUEST: {
    retryable: false,
    when: 'The message was malformed: not valid JSON/MessagePack, a field of the wrong type, out of range or missing.',
  },
  UNKNOWN_OP: { retryable: false, when: 'The request named an op this server does not know.' },
  UNAUTHORIZED: {
    retryable: false,
    when: 'The connection presented no valid token where one is required.',
  },
  ORIGIN_NOT_ALLOWED: {
    retryable: false,
    when: "The page's origin is not allowed to connect (opaque origins such as `null` included); the connection is closed with 1008 before `hello`.",
  },
  ACCESS_PENDING: {
    retryable: false,
    when: "The page's origin asked for access and a person on this PC has not approved it yet; closed with 1008 before `hello`.",
  },
  ACCESS_DENIED: {
    retryable: false,
    when: "A person on this PC denied (or revoked) this origin's access; closed with 1008 before `hello`.",
  },
  FORBIDDEN: {
    retryable: false,
    when: "The connection's scope does not allow this op or this data (e.g. card.read with only `presence`).",
  },
  NO_READER: {
    retryable: true,
    when: 'The named reader does not exist, or no reader is attached at all.',
  },
  READER_ERROR: {
    retryable: true,
    when: 'The reader or its driver failed: port busy or not found, driver host restarted, PC/SC service lost.',
  },
  NO_CARD: { retryable: true, when: 'No card is in the reader.' },
  CARD_REMOVED: {
    retryable: true,
    when: 'The card was removed while the request was being served; insert it again.',
  },
  NOT_AN_NHI_CARD: { retryable: false, when: 'The card in the reader is not an NHI health card.' },
  PIN_REQUIRED: {
    retryable: true,
    when: "The section is protected by the holder's PIN, and the PIN was not entered or was wrong.",
  },
  HPC_REQUIRED: {
    retryable: true,
    when: "The section needs a health-professional card (HPC) in the reader's second slot.",
  },
  SAM_ERROR: {
    retryable: true,
    when: 'The secure access module is missing, not authenticated, or was refused by the NHI data centre (IDC).',
  },
  NETWORK_ERROR: {
    retryable: true,
    when: 'The NHI data centre, cloud service or network could not be reached or answered with an error.',
  },
  CARD_ERROR: {
    retryable: false,
    when: 'The card answered with an error or was refused: cancelled, expired, read failure, invalid data.',
  },
  UNSUPPORTED: {
    retryable: false,
    when: 'This driver cannot do what was asked (e.g. a section PC/SC cannot read without csHIS.dll and a SAM).',
  },
  BUSY: {
    retryable: true,
    when: 'The server or reader cannot take the request now (too many requests in flight, shutting down).',
  },
  TIMEOUT: {
    retryable: true,
    when: 'The reader or driver did not answer in time; the request was abandoned and the reader recovered.',
  },
  RATE_LIMITED: {
    retryable: true,
    when: 'The connection sent requests faster than its allowed rate.',
  },
  INTERNAL: {
    retryable: true,
    when: 'An unexpected failure inside the broker; it is logged and the broker carries on.',
  },
  DISCONNECTED: {
    retryable: true,
    when: 'Client side only: the connection closed before the response arrived; the request was not re-sent.',
  },
  ABORTED: {
    retryable: false,
    when: "Not sent by the broker: the caller's own AbortSignal cancelled the request (the client SDK's, or a driver API call's). A driver call the broker abandons is answered `BUSY`.",
  },
  LOCAL_NETWORK_DENIED: {
    retryable: false,
    when: "Client side only: the browser's Local Network Access permission for this page is denied.",
  },
  TLS_UNTRUSTED: {
    retryable: false,
    when: "Client side only: the broker's wss:// certificate is not trusted (its local CA is not installed).",
  },
} as const satisfies Record<string, { retryable: boolean; when: string }>;

/** One of the closed set of protocol error codes. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** Every protocol error code, in documentation order. */
export const ERROR_CODE_LIST = Object.keys(ERROR_CODES) as readonly ErrorCode[];

/** Whether `value` is one of the protocol error codes. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}
