import { Big5DecodeError, decodeAscii, decodeBig5 } from './big5.js';
import type { CardWarning } from './card-warning.js';
import { DecodeError } from './decode-error.js';
import { parseRocDate, parseRocDateTime, type RocDateParse } from './roc-date.js';

/** A Big5 text field as decoded: the text, plus the raw bytes when they need a second look. */
export interface DecodedText {
  /** The text, trimmed of spaces, NULs and full-width spaces. */
  text: string;
  /**
   * Hex of the field's raw bytes, present only when the text holds characters from outside
   * standard Big5, so an HIS can apply its own rare-character table.
   */
  rawHex?: string;
}

/** A date field: the ISO date (or null when absent or invalid) next to the raw ROC text. */
export interface DecodedDate {
  iso: string | null;
  roc: string;
}

const toHex = (bytes: Uint8Array): string =>
  Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');

/**
 * Reads fixed-width fields out of one section buffer, turning every failure into a
 * `DecodeError` with the absolute byte offset and collecting warnings. Each section decoder
 * makes one reader and asks it for fields by offset and width, as the layout tables give them.
 */
export class SectionReader {
  /** Warnings found so far, in field order. */
  readonly warnings: CardWarning[] = [];

  /**
   * @param section the section id (or layout name) for error messages.
   * @param bytes the section's buffer.
   * @param expectedLength the exact size the layout requires; `undefined` skips the check.
   */
  constructor(
    readonly section: string,
    readonly bytes: Uint8Array,
    expectedLength?: number,
  ) {
    if (expectedLength !== undefined && bytes.length !== expectedLength) {
      throw new DecodeError(
        section,
        Math.min(bytes.length, expectedLength),
        `expected ${expectedLength} bytes, got ${bytes.length}`,
      );
    }
  }

  /** The raw bytes of a field, bounds-checked. */
  slice(offset: number, width: number, field: string): Uint8Array {
    if (offset < 0 || offset + width > this.bytes.length) {
      throw new DecodeError(this.section, offset, `field ${field} runs past the end of the buffer`);
    }
    return this.bytes.subarray(offset, offset + width);
  }

  /**
   * Whether a whole record holds only spaces, NULs or ASCII zeros: an empty slot on the card.
   * (Not for single numeric fields, where `00` is a value.)
   */
  isBlank(offset: number, width: number): boolean {
    // A plain loop: this runs once per slot of every fixed-slot section, and a subarray plus
    // a callback per byte was the largest single cost in the decode benchmark.
    const end = Math.min(offset + width, this.bytes.length);
    for (let index = offset; index < end; index += 1) {
      const byte = this.bytes[index];
      if (byte !== 0x20 && byte !== 0x00 && byte !== 0x30) return false;
    }
    return true;
  }

  /** An ASCII field (card number, ID number, codes), trimmed. */
  ascii(offset: number, width: number, field: string): string {
    try {
      return decodeAscii(this.slice(offset, width, field));
    } catch (error) {
      throw this.wrap(error, offset, field);
    }
  }

  /** A Big5 text field; characters from outside standard Big5 add a warning and keep the hex. */
  text(offset: number, width: number, field: string): DecodedText {
    const raw = this.slice(offset, width, field);
    try {
      const decoded = decodeBig5(raw);
      if (decoded.nonStandard.length === 0) return { text: decoded.text };
      const chars = decoded.nonStandard.map((c) => `${c.char} (${c.hex})`).join(', ');
      this.warn(
        'non-standard-char',
        field,
        `characters outside standard Big5: ${chars}`,
        toHex(raw),
      );
      return { text: decoded.text, rawHex: toHex(raw) };
    } catch (error) {
      throw this.wrap(error, offset, field);
    }
  }

  /** A ROC `YYYMMDD` date; blank means absent, an impossible date adds a warning. */
  rocDate(offset: number, field: string): DecodedDate {
    return this.dateField(offset, 7, field, parseRocDate);
  }

  /** A ROC `YYYMMDDHHMMSS` date-time; blank means absent, an impossible one adds a warning. */
  rocDateTime(offset: number, field: string): DecodedDate {
    return this.dateField(offset, 13, field, parseRocDateTime);
  }

  /**
   * A right-aligned decimal number; blank means absent (null). Anything but digits (after
   * trimming spaces) adds a warning and gives null, keeping the raw text in the warning.
   */
  integer(offset: number, width: number, field: string): number | null {
    const raw = this.ascii(offset, width, field);
    if (raw === '') return null;
    if (!/^\d+$/.test(raw)) {
      this.warn('invalid-number', field, `not a decimal number: ${JSON.stringify(raw)}`, raw);
      return null;
    }
    return Number(raw);
  }

  /** Records that `raw` is not a code this version knows the meaning of. */
  warnUnknownCode(field: string, raw: string, what: string): void {
    this.warn('unknown-code', field, `unknown ${what} ${JSON.stringify(raw)}`, raw);
  }

  /** Records a warning. */
  warn(kind: CardWarning['kind'], field: string, message: string, raw: string): void {
    this.warnings.push({ kind, field, message, raw });
  }

  private dateField(
    offset: number,
    width: number,
    field: string,
    parse: (roc: string) => RocDateParse,
  ): DecodedDate {
    const roc = this.ascii(offset, width, field);
    const parsed = parse(roc);
    if (parsed.kind === 'date') return { iso: parsed.iso, roc };
    if (parsed.kind === 'invalid') this.warn('invalid-date', field, parsed.reason, roc);
    return { iso: null, roc };
  }

  private wrap(error: unknown, fieldOffset: number, field: string): DecodeError {
    if (error instanceof DecodeError) return error;
    if (error instanceof Big5DecodeError) {
      return new DecodeError(
        this.section,
        fieldOffset + error.offset,
        `${field}: ${error.message}`,
      );
    }
    const message = error instanceof Error ? error.message : String(error);
    return new DecodeError(this.section, fieldOffset, `${field}: ${message}`);
  }
}
