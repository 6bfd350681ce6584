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
