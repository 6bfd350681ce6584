import type { CardWarning } from '../card-warning.js';
import { SectionReader } from '../section-reader.js';
import { SectionWriter } from '../section-writer.js';
import { type RecordCodec, readSlots, type SlotRecord, writeSlots } from './record-slots.js';

const SECTION = 'vaccinations';
/** vaccine 6 · date 7 · hospitalId 10 · lot 12. */
const VACCINATION_BYTES = 35;
/** The card has 40 vaccination slots. */
const VACCINATION_SLOT_COUNT = 40;
const LAYOUT = {
  listField: 'vaccinations',
  firstOffset: 0,
  recordBytes: VACCINATION_BYTES,
  slotCount: VACCINATION_SLOT_COUNT,
};

/** Size of `hisGetInoculateData`'s buffer: 40 records × 35 bytes. */
export const VACCINATIONS_BYTES = 1400;

/** One vaccination (預防接種) recorded on the card. */
export interface Vaccination extends SlotRecord {
  /** Vaccine type code (疫苗種類) as on the card, up to 6 characters, e.g. `HepB1`. */
  vaccineCode: string;
  /** Date of the vaccination (ISO), e.g. `2024-10-15`; null when blank or invalid. */
  vaccinationDate: string | null;
  /** The vaccination date as on the card (ROC `YYYMMDD`), e.g. `1131015`; '' when blank. */
  vaccinationDateRoc: string;
  /** The provider's 10-character NHI code (醫事機構代碼), e.g. `3501200000`. */
  hospitalId: string;
  /** Vaccine lot number (批號), up to 12 characters, e.g. `AB1234`. */
  lotNumber: string;
}

/** The `vaccinations` section. */
export interface Vaccinations {
  /** The vaccinations, filled slots only, each with its card `slot` (0–39). */
  vaccinations: Vaccination[];
  /** Problems found while decoding, in field order. */
  warnings: CardWarning[];
}

const VACCINATION_RECORD: RecordCodec<Vaccination> = {
  read(reader, offset, slot, path) {
    const vaccineCode = reader.ascii(offset, 6, `${path}.vaccineCode`); // vaccine 0:6
    const date = reader.rocDate(offset + 6, `${path}.vaccinationDate`); // date 6:7
    return {
      slot,
      vaccineCode,
      vaccinationDate: date.iso,
      vaccinationDateRoc: date.roc,
      hospitalId: reader.ascii(offset + 13, 10, `${path}.hospitalId`), // hospitalId 13:10
      lotNumber: reader.ascii(offset + 23, 12, `${path}.lotNumber`), // lot 23:12
    };
  },
  write(writer, offset, vaccination, path) {
    writer.ascii(offset, 6, vaccination.vaccineCode, `${path}.vaccineCode`);
    const date = { iso: vaccination.vaccinationDate, roc: vaccination.vaccinationDateRoc };
    writer.rocDate(offset + 6, 7, date, `${path}.vaccinationDate`);
    writer.ascii(offset + 13, 10, vaccination.hospitalId, `${path}.hospitalId`);
    writer.ascii(offset + 23, 12, vaccination.lotNumber, `${path}.lotNumber`);
  },
};

/**
 * Decodes `hisGetInoculateData` (1400 bytes). Empty slots are left out; every record keeps its
 * `slot`.
 * @throws DecodeError when the buffer is not 1400 bytes or holds bytes that are not ASCII.
 */
export function decodeVaccinations(bytes: Uint8Array): Vaccinations {
  const reader = new SectionReader(SECTION, bytes, VACCINATIONS_BYTES);
  return {
    vaccinations: readSlots(reader, LAYOUT, VACCINATION_RECORD.read),
    warnings: reader.warnings,
  };
}

/**
 * Encodes the `vaccinations` section into the 1400 bytes csHIS returns; slots no record names
 * are left blank (spaces).
 * @throws RangeError when a value does not fit its field or a slot is out of range or repeated.
 */
export function encodeVaccinations(value: Vaccinations): Uint8Array {
  const writer = new SectionWriter(SECTION, VACCINATIONS_BYTES);
  writeSlots(writer, LAYOUT, value.vaccinations, VACCINATION_RECORD.write);
  return writer.bytes;
}
