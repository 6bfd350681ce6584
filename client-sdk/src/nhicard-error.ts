import type { ErrorCode, NativeErrorDetail, WireError } from '@nhicard/protocol';

// A registry symbol, so two copies of the SDK on one page (an app bundle plus a <script> tag,
// or two bundles) agree on what an NhiCardError is.
const BRAND: unique symbol = Symbol.for('nhicard.NhiCardError');

/** What an {@link NhiCardError} is built from. */
export interface NhiCardErrorInit {
  /** One of the protocol's closed set of error codes. */
  code: ErrorCode;
  /** What went wrong, in English (the zh-TW text of a native failure is `native.message`). */
  message: string;
  /** What went wrong, in zh-TW, when the client words it itself (connection refusals). */
  messageZh?: string;
  /** Whether sending the same request again may succeed. */
  retryable: boolean;
  /** The native status behind the error (source, code and the catalog's zh-TW message). */
  native?: NativeErrorDetail;
  /** What the user or installer can do about it, in English, when the broker knows. */
  hint?: string;
  /** The same hint in zh-TW, for the person at the counter. */
  hintZh?: string;
  /** The underlying failure, when there is one. */
  cause?: unknown;
}

/**
 * The one error type the SDK rejects with. `code` is from the protocol's closed set
 * (including the client-only `DISCONNECTED` and `ABORTED`), so apps branch on it instead of on
 * messages. `instanceof NhiCardError` also holds for errors made by another copy of the SDK.
 *
 * @example
 * try {
 *   await client.readCard({ sections: ['basic'] });
 * } catch (error) {
 *   if (error instanceof NhiCardError && error.code === 'NO_CARD') showInsertCardPrompt();
 *   else throw error;
 * }
 */
export class NhiCardError extends Error {
  /** One of the protocol's closed set of error codes. */
  readonly code: ErrorCode;
  /** Whether sending the same request again may succeed. */
  readonly retryable: boolean;
  /** What went wrong, in zh-TW, for refusals the client words itself (e.g. `ORIGIN_NOT_ALLOWED`). */
  readonly messageZh: string | undefined;
  /** The native status behind the error: source, native code and its zh-TW message. */
  readonly native: NativeErrorDetail | undefined;
  /** What the user or installer can do about it, in English, when the broker knows. */
  readonly hint: string | undefined;
  /** The same hint in zh-TW, for the person at the counter. */
  readonly hintZh: string | undefined;

  constructor(init: NhiCardErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'NhiCardError';
    this.code = init.code;
    this.retryable = init.retryable;
    this.messageZh = init.messageZh;
    this.native = init.native;
    this.hint = init.hint;
    this.hintZh = init.hintZh;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** Recognises errors from any copy of the SDK by their registry-symbol brand. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as { [BRAND]?: unknown })[BRAND] === true
    );
  }

  /** The error a response, `card.error` event or failed section carries. */
  static fromWire(error: WireError): NhiCardError {
    const init: NhiCardErrorInit = {
      code: error.code,
      message: error.message,
      retryable: error.retryable,
    };
    if (error.native !== undefined) init.native = error.native;
    if (error.hint !== undefined) init.hint = error.hint;
    if (error.hintZh !== undefined) init.hintZh = error.hintZh;
    return new NhiCardError(init);
  }
}

// The client makes these codes itself; their retryability matches the protocol's error table
// (a test checks it) without pulling that table's prose into the bundle.
const CLIENT_RETRYABLE = {
  DISCONNECTED: true,
  ABORTED: false,
  TIMEOUT: true,
  INTERNAL: true,
  BAD_REQUEST: false,
} as const satisfies Partial<Record<ErrorCode, boolean>>;

/** A code the client raises on its own. */
export type ClientErrorCode = keyof typeof CLIENT_RETRYABLE;

/** An error the client raises itself, with the protocol's retryability for its code. */
export function clientError(code: ClientErrorCode, message: string, cause?: unknown): NhiCardError {
  return new NhiCardError({ code, message, retryable: CLIENT_RETRYABLE[code], cause });
}
