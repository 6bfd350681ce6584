import { readFile } from 'node:fs/promises';
import { isSectionId, SECTION_IDS, type SectionDataMap, type SectionId } from '@nhicard/protocol';
import { CardFileError } from './card-file-error.js';
import { sectionBytesFromHex, sectionBytesFromValue } from './card-file-sections.js';
import { isJsonObject, type JsonObject } from './section-value-normaliser.js';
import type { VirtualCard, VirtualCardKind } from './virtual-card.js';

/** Keys a card file may leave out: the normaliser fills them in (see {@link CardFileValue}). */
type OmittableKey<T> = {
  [K in keyof T]: K extends 'warnings' | 'slot' | `${string}Roc` ? K : never;
}[keyof T];

/**
 * A decoded section type as a card file may write it: `warnings` may be omitted (taken as
 * none), each record's `slot` may be omitted (numbered by list order), and each raw ROC
 * companion (`birthDateRoc`, `visitDateTimeRoc`, `yearRoc`) may be omitted where the ISO date
 * or AD year is given. Everything else is written as the decoder returns it.
 */
type CardFileValue<T> = T extends readonly (infer E)[]
  ? CardFileValue<E>[]
  : T extends object
    ? { [K in keyof T as K extends OmittableKey<T> ? never : K]: CardFileValue<T[K]> } & {
        [K in keyof T as K extends OmittableKey<T> ? K : never]?: CardFileValue<T[K]>;
      }
    : T;

/**
 * A virtual card as a JSON file (see `native/demo-cards/README.md`). Example:
 *
 * ```json
 * { "description": "Ordinary adult", "pin": "123456",
 *   "sections": { "basic": { "layout": "cshis", "cardNumber": "000012345678", … } },
 *   "rawSections": { "vaccinations": "2020…" } }
 * ```
 */
export interface CardFile {
  /** One line saying who (fictional) or what the card is. */
  description?: string;
  /**
   * `nhi`, or `not-nhi` for a card csHIS refuses (status 9; every read fails with 4033); a
   * `not-nhi` card holds no sections and no PIN.
   * @default 'nhi'
   */
  cardType?: VirtualCardKind;
  /** The holder's PIN (4–12 digits) when one is set: sections that need it then ask for it. */
  pin?: string | null;
  /**
   * Section values, as the protocol's decoders return them (see {@link CardFileValue}). An NHI
   * card must have `basic` here or in `rawSections`; sections given in neither read as blank.
   */
  sections?: { [K in SectionId]?: CardFileValue<SectionDataMap[K]> };
  /** Sections as hex bytes, returned byte for byte (a dump of a real card). */
  rawSections?: { [K in SectionId]?: string };
}

const CARD_FILE_KEYS = ['description', 'cardType', 'pin', 'sections', 'rawSections'] as const;
const PIN_PATTERN = /^\d{4,12}$/;
/**
 * `hisGetRegisterBasic` repeats `hisGetBasicData` bytes 0–57: the holder fields and the cancel
 * flag, by [end offset (exclusive), field name].
 */
const SHARED_HOLDER_FIELDS: readonly (readonly [number, string])[] = [
  [12, 'cardNumber'],
  [32, 'name'],
  [42, 'idNumber'],
  [49, 'birthDate'],
  [50, 'sex'],
  [57, 'issueDate'],
  [58, 'cancelFlagRaw'],
];
const SHARED_HOLDER_BYTES = 58;

function sectionEntries(file: string, value: unknown, field: string): [SectionId, unknown][] {
  if (value === undefined) return [];
  if (!isJsonObject(value)) throw new CardFileError(file, field, 'must be an object');
  return Object.entries(value).map(([key, entry]) => {
    if (!isSectionId(key)) {
      throw new CardFileError(
        file,
        `${field}.${key}`,
        `unknown section (known: ${SECTION_IDS.join(', ')})`,
      );
    }
    return [key, entry];
  });
}

function readKind(file: string, json: JsonObject): VirtualCardKind {
  const kind = json.cardType ?? 'nhi';
  if (kind !== 'nhi' && kind !== 'not-nhi') {
    throw new CardFileError(file, 'cardType', 'must be "nhi" or "not-nhi"');
  }
  return kind;
}

function readPin(file: string, json: JsonObject): string | null {
  const pin = json.pin ?? null;
  if (pin !== null && (typeof pin !== 'string' || !PIN_PATTERN.test(pin))) {
    throw new CardFileError(file, 'pin', 'must be a string of 4 to 12 digits, or null');
  }
  return pin;
}

function checkSharedHolderBytes(
  file: string,
  sections: Map<SectionId, Uint8Array>,
  insuranceIsRaw: boolean,
): void {
  const basic = sections.get('basic');
  const insurance = sections.get('insurance');
  if (basic === undefined || insurance === undefined) return;
  const offset = basic
    .subarray(0, SHARED_HOLDER_BYTES)
    .findIndex((byte, i) => byte !== insurance[i]);
  if (offset === -1) return;
  const [, field = ''] = SHARED_HOLDER_FIELDS.find(([end]) => offset < end) ?? [];
  throw new CardFileError(
    file,
    insuranceIsRaw ? 'rawSections.insurance' : `sections.insurance.${field}`,
    `differs from basic in ${field} (insurance repeats bytes 0–57 of basic)`,
  );
}

/**
 * Checks a parsed card file and builds its virtual card, turning every section into the
 * exact bytes csHIS.dll would return.
 * @param json the parsed JSON.
 * @param file the file path or a name for the card, used in messages and as `source`.
 * @throws CardFileError naming `file` and the first field that is wrong.
 */
export function parseCardFile(json: unknown, file: string): VirtualCard {
  if (!isJsonObject(json)) throw new CardFileError(file, '', 'must hold a JSON object');
  for (const key of Object.keys(json)) {
    if (!(CARD_FILE_KEYS as readonly string[]).includes(key)) {
      throw new CardFileError(file, key, `unknown field (known: ${CARD_FILE_KEYS.join(', ')})`);
    }
  }
  const description = json.description ?? '';
  if (typeof description !== 'string') {
    throw new CardFileError(file, 'description', 'must be a string');
  }
  const kind = readKind(file, json);
  const pin = readPin(file, json);
  const values = sectionEntries(file, json.sections, 'sections');
  const raws = sectionEntries(file, json.rawSections, 'rawSections');
  if (kind === 'not-nhi' && (values.length > 0 || raws.length > 0 || pin !== null)) {
    const field = values.length > 0 ? 'sections' : raws.length > 0 ? 'rawSections' : 'pin';
    throw new CardFileError(file, field, 'a card that is not an NHI card holds no NHI data');
  }
  const sections = new Map<SectionId, Uint8Array>();
  for (const [section, value] of values) {
    sections.set(section, sectionBytesFromValue(file, section, value));
  }
  for (const [section, hex] of raws) {
    if (sections.has(section)) {
      throw new CardFileError(file, `rawSections.${section}`, `also given in sections.${section}`);
    }
    sections.set(section, sectionBytesFromHex(file, section, hex));
  }
  if (kind === 'nhi' && !sections.has('basic')) {
    throw new CardFileError(file, 'sections.basic', 'missing: an NHI card always has basic data');
  }
  checkSharedHolderBytes(
    file,
    sections,
    raws.some(([section]) => section === 'insurance'),
  );
  return { source: file, description, kind, pin, sections };
}

/**
 * Reads and checks a card file (UTF-8 JSON).
 * @throws CardFileError when the file cannot be read, is not JSON, or is not a valid card.
 */
export async function loadCardFile(path: string): Promise<VirtualCard> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CardFileError(path, '', `cannot be read: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CardFileError(path, '', `is not valid JSON: ${(error as Error).message}`);
  }
  return parseCardFile(json, path);
}
