import { decodeSection, encodeSection, getSection, type SectionId } from '@nhicard/protocol';
import { CardFileError } from './card-file-error.js';
import { firstDifference } from './section-value-diff.js';
import { type FieldFailure, normaliseSectionValue } from './section-value-normaliser.js';

/**
 * Turns one section value of a card file into the bytes csHIS.dll would return for it: the
 * value is completed (see `normaliseSectionValue`), encoded with the protocol's encoder, and
 * decoded again; the decoded value must equal the card file's, so a card file never holds
 * something the card could not store as written.
 * @throws CardFileError naming the file and the first field that is wrong.
 */
export function sectionBytesFromValue(
  file: string,
  section: SectionId,
  value: unknown,
): Uint8Array {
  const path = `sections.${section}`;
  const fail: FieldFailure = (field, reason) => {
    throw new CardFileError(file, field, reason);
  };
  const partial = normaliseSectionValue(section, value, path, fail, false);
  const complete = normaliseSectionValue(section, value, path, fail, true);
  const bytes = encode(file, section, complete);
  const { size } = getSection(section);
  if (size.kind === 'fixed' && bytes.length !== size.bytes) {
    throw new CardFileError(
      file,
      path,
      `encodes to ${bytes.length} bytes, but csHIS.dll returns ${size.bytes}`,
    );
  }
  if (size.kind === 'records' && bytes.length / size.recordBytes > size.maxRecords) {
    throw new CardFileError(
      file,
      `${path}.recordCount`,
      `the card holds at most ${size.maxRecords}`,
    );
  }
  const difference = firstDifference(partial, decodeSection(section, bytes), path);
  if (difference) throw new CardFileError(file, difference.field, difference.reason);
  return bytes;
}

/** Encodes, turning the encoder's `RangeError` (`basic.name: …`) into a `CardFileError`. */
function encode(file: string, section: SectionId, value: unknown): Uint8Array {
  try {
    // The value has been checked against the decoder's own shape for this section.
    return encodeSection(section, value as never);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const [, where = '', reason = ''] = /^([^\s:]+): (.*)$/s.exec(message) ?? [];
    const namesField =
      where === section || where.startsWith(`${section}.`) || where.startsWith(`${section}[`);
    if (namesField) throw new CardFileError(file, `sections.${where}`, reason);
    throw new CardFileError(file, `sections.${section}`, message);
  }
}

const HEX_PAIRS = /^(?:[0-9a-fA-F]{2})*$/;

/**
 * Turns one raw-hex section of a card file (a dump of a real card, spaces allowed between
 * bytes) into its bytes, which the simulator returns unchanged. They need not decode: a
 * broken dump is useful to test how the broker reports decode errors.
 * @throws CardFileError for anything but whole hex bytes, or a length csHIS would not return.
 */
export function sectionBytesFromHex(file: string, section: SectionId, hex: unknown): Uint8Array {
  const field = `rawSections.${section}`;
  if (typeof hex !== 'string') throw new CardFileError(file, field, 'must be a hex string');
  const digits = hex.replace(/\s+/g, '');
  if (!HEX_PAIRS.test(digits)) {
    throw new CardFileError(file, field, 'must hold whole bytes as hex digits (e.g. "20 41")');
  }
  const bytes = Uint8Array.from(digits.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
  const { size } = getSection(section);
  if (size.kind === 'fixed' && bytes.length !== size.bytes) {
    throw new CardFileError(file, field, `must be ${size.bytes} bytes, got ${bytes.length}`);
  }
  if (size.kind === 'records') {
    const { recordBytes, maxRecords } = size;
    if (bytes.length % recordBytes !== 0 || bytes.length / recordBytes > maxRecords) {
      throw new CardFileError(
        file,
        field,
        `must be whole ${recordBytes}-byte records, at most ${maxRecords}; got ${bytes.length} bytes`,
      );
    }
  }
  return bytes;
}
