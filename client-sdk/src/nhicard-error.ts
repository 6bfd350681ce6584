import { CodedError, type CodedErrorInit, type ErrorCode, type WireError } from '@nhicard/protocol';

// A registry symbol, so two copies of the SDK on one page (an app bundle plus a <script> tag,
// or two bundles) agree on what an NhiCardError is.
const BRAND: unique symbol = Symbol.for('nhicard.NhiCardError');

/** What an {@link NhiCardError} is built from: the protocol's error fields, plus `messageZh`. */
export interface NhiCardErrorInit extends CodedErrorInit {
  /** What went wrong, in zh-TW, when the client words it itself (connection refusals). */
  messageZh?: string;
}

/**
 * The one error type the SDK rejects with: the protocol's `CodedError` (code, retryability,
 * native failure, hints), plus a zh-TW message for refusals the client words itself. `code` is
 * from the protocol's closed set (including the client-only `DISCONNECTED` and `ABORTED`), so
 * apps branch on it instead of on messages. `instanceof NhiCardError` also holds for errors
 * made by another copy of the SDK.
 *
 * @example
 * try {
 *   await client.readCard({ sections: ['basic'] });
 * } catch (error) {
 *   if (error instanceof NhiCardError && error.code === 'NO_CARD') showInsertCardPrompt();
 *   else throw error;
 * }
 */
export class NhiCardError extends CodedError {
  /** What went wrong, in zh-TW, for refusals the client words itself (e.g. `ORIGIN_NOT_ALLOWED`). */
  readonly messageZh: string | undefined;

  constructor(init: NhiCardErrorInit) {
    super(init);
    this.name = 'NhiCardError';
    this.messageZh = init.messageZh;
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
    const { code, message, retryable, native, hint, hintZh } = error;
    return new NhiCardError({ code, message, retryable, native, hint, hintZh });
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
