import { encodeBig5, getSection, type SectionId } from '@nhicard/protocol';
import { vhcBufferError } from './vhc-error.js';

/**
 * The field names the virtual-card SDK has been seen to put its result code under, in the
 * order they are tried: older calls answer `ERRORCODE`, newer ones `errorCode` or `statusCode`.
 */
const CODE_FIELDS = ['ERRORCODE', 'errorCode', 'statusCode'] as const;

/** The codes that mean success: 0, and 2000 (QR code read while the SDK is offline). */
export const VHC_SUCCESS_CODES: ReadonlySet<number> = new Set([0, 2000]);

function asInteger(value: unknown): number | null {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d{1,9}$/.test(value.trim())) return Number(value.trim());
  return null;
}

/**
 * The result code of an SDK reply, from whichever field holds it; null when no field holds an
 * integer (the reply is then not one of the SDK's).
 */
export function vhcResultCode(body: unknown): number | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const record = body as Record<string, unknown>;
  for (const field of CODE_FIELDS) {
    const code = asInteger(record[field]);
    if (code !== null) return code;
  }
  return null;
}

/**
 * The bytes of `section` from a reply's `pBuffer`: the SDK sends the csHIS fixed-width buffer
 * as a string, which turns back into bytes as Big5. A buffer short of the section's size is
 * padded with spaces (csHIS pads blank fields with spaces too); a longer one, a missing one or
 * one with characters Big5 lacks is a `CARD_ERROR`, never a guess.
 */
export function pBufferBytes(body: unknown, section: SectionId): Uint8Array {
  const text = (body as Record<string, unknown> | null)?.pBuffer;
  const { size } = getSection(section);
  if (typeof text !== 'string' || size.kind !== 'fixed') {
    throw vhcBufferError(section, 'is missing');
  }
  let encoded: Uint8Array;
  try {
    encoded = encodeBig5(text);
  } catch (error) {
    throw vhcBufferError(section, 'holds a character Big5 lacks', error);
  }
  if (encoded.length > size.bytes) {
    throw vhcBufferError(section, `is ${encoded.length} bytes; the layout has ${size.bytes}`);
  }
  const bytes = new Uint8Array(size.bytes).fill(0x20);
  bytes.set(encoded);
  return bytes;
}
