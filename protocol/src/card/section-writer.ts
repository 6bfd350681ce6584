import { decodeBig5 } from './big5.js';
import { encodeBig5Field } from './big5-encode.js';
import { isoToRocDate, isoToRocDateTime } from './roc-date.js';
import type { DecodedDate, DecodedText } from './section-reader.js';

/** A date to write: `DecodedDate`, or just the ISO value as a hand-written card file gives it. */
export type DateInput = Pick<DecodedDate, 'iso'> & { roc?: string };

const SPACE = 0x20;
const hexToBytes = (hex: string): Uint8Array =>
  Uint8Array.from(hex.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));

function decodesTo(bytes: Uint8Array, text: string): boolean {
  try {
    return decodeBig5(bytes).text === text;
  } catch {
    return false;
  }
}

/**
 * Writes fixed-width fields into a new section buffer: the mirror of `SectionReader`, used by
 * the encoders (and so by the simulator). Unwritten bytes stay spaces, as on a real card.
 * Values that do not fit throw `RangeError` naming the field.
 */
export class SectionWriter {
  /** The buffer being filled, `size` bytes, initially all spaces. */
  readonly bytes: Uint8Array;

  constructor(
    readonly section: string,
    size: number,
  ) {
    this.bytes = new Uint8Array(size).fill(SPACE);
  }

  /** Raw bytes at an offset. */
  raw(offset: number, width: number, value: Uint8Array, field: string): void {
    if (value.length !== width) {
      throw new RangeError(`${this.section}.${field}: needs ${width} bytes, got ${value.length}`);
    }
    this.bytes.set(value, offset);
  }

  /** An ASCII field, left-aligned and space-padded. */
  ascii(offset: number, width: number, value: string, field: string): void {
    if (value.length > width || !/^[\x20-\x7e]*$/.test(value)) {
      throw new RangeError(
        `${this.section}.${field}: ${JSON.stringify(value)} is not ASCII of at most ${width} characters`,
      );
    }
    for (let i = 0; i < value.length; i += 1) this.bytes[offset + i] = value.charCodeAt(i);
  }

  /**
   * A Big5 text field. When the decoded value carries `rawHex` (characters from outside
   * standard Big5) and still matches its text, the raw bytes are written back unchanged so a
   * card dump round-trips byte for byte.
   */
  text(offset: number, width: number, value: DecodedText | string, field: string): void {
    const decoded = typeof value === 'string' ? { text: value } : value;
    if (decoded.rawHex !== undefined && decoded.rawHex.length === width * 2) {
      const rawBytes = hexToBytes(decoded.rawHex);
      if (decodesTo(rawBytes, decoded.text)) {
        this.raw(offset, width, rawBytes, field);
        return;
      }
    }
    try {
      this.bytes.set(encodeBig5Field(decoded.text, width), offset);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new RangeError(`${this.section}.${field}: ${reason}`);
    }
  }

  /**
   * A ROC date (width 7) or date-time (width 13). The raw ROC text wins when given, so invalid
   * dates read from a card are written back as they were; otherwise it is made from the ISO
   * value (hand-written card files give only that); neither leaves the field blank.
   */
  rocDate(offset: number, width: 7 | 13, value: DateInput | null, field: string): void {
    if (value === null) return;
    let roc = value.roc ?? '';
    if (roc === '' && value.iso !== null) {
      try {
        roc = width === 7 ? isoToRocDate(value.iso) : isoToRocDateTime(value.iso);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new RangeError(`${this.section}.${field}: ${reason}`);
      }
    }
    this.ascii(offset, width, roc.padEnd(width, ' '), field);
  }

  /** A right-aligned, zero-padded decimal number; null leaves the field blank (spaces). */
  integer(offset: number, width: number, value: number | null, field: string): void {
    if (value === null) return;
    const digits = String(value);
    if (!Number.isSafeInteger(value) || value < 0 || digits.length > width) {
      throw new RangeError(`${this.section}.${field}: ${value} does not fit in ${width} digits`);
    }
    this.ascii(offset, width, digits.padStart(width, '0'), field);
  }
}
