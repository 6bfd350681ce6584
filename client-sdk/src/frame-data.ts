import {
  type Codec,
  type ParseFailure,
  parseServerMessage,
  type ServerMessage,
} from '@nhicard/protocol';

/**
 * A received frame as the codecs take it: a string for text, a `Uint8Array` for binary
 * (browsers give an ArrayBuffer with `binaryType = 'arraybuffer'`; `ws` may give a Buffer,
 * which is a Uint8Array already). `null` for anything else (a Blob from a socket that
 * ignored `binaryType`).
 */
export function frameData(data: unknown): string | Uint8Array | null {
  if (typeof data === 'string' || data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data))
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return null;
}

/** What one frame from the broker amounts to. */
export type ServerFrame =
  /** Not a frame the codec can read at all: the connection is given up. */
  | { kind: 'bad'; reason: string }
  /** A value that failed validation (an event of an unknown topic, a malformed response). */
  | { kind: 'unreadable'; failure: ParseFailure }
  | { kind: 'message'; message: ServerMessage };

/** Decodes and validates one frame from the broker. */
export function readServerFrame(codec: Codec, data: unknown): ServerFrame {
  const frame = frameData(data);
  const decoded = frame === null ? null : codec.decode(frame);
  if (decoded === null) return { kind: 'bad', reason: 'unreadable frame' };
  if (!decoded.ok) return { kind: 'bad', reason: decoded.error.reason };
  const parsed = parseServerMessage(decoded.value);
  if (!parsed.ok) return { kind: 'unreadable', failure: parsed.error };
  return { kind: 'message', message: parsed.message };
}
