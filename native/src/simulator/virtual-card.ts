import { getSection, type SectionId } from '@nhicard/protocol';

/**
 * `nhi`: an NHI health card; `not-nhi`: some other smart card (a bank card, a staff badge):
 * csHIS reports status 9 for it and every read fails with 4033.
 */
export type VirtualCardKind = 'nhi' | 'not-nhi';

/**
 * A card ready to be inserted into a simulated reader: made from a card file by
 * `parseCardFile`/`loadCardFile`, immutable, with every section already turned into the exact
 * bytes csHIS.dll would return.
 */
export interface VirtualCard {
  /** Where the card came from (a file path or a name given to the parser), for messages. */
  readonly source: string;
  /** One line saying who or what the card is (fictional), for lists in demos; may be `''`. */
  readonly description: string;
  /** Whether it is an NHI card. */
  readonly kind: VirtualCardKind;
  /** The holder's PIN when one is set (PIN-protected sections then ask for it), else null. */
  readonly pin: string | null;
  /** The bytes of each section the card holds; other sections read as blank. */
  readonly sections: ReadonlyMap<SectionId, Uint8Array>;
}

const SPACE = 0x20;

/**
 * What csHIS returns for a section the card holds nothing in: a fixed-size buffer of spaces
 * (blank fields, empty slots), or no records at all for the record readers.
 */
function blankSectionBytes(section: SectionId): Uint8Array {
  const { size } = getSection(section);
  return size.kind === 'fixed' ? new Uint8Array(size.bytes).fill(SPACE) : new Uint8Array(0);
}

/** A fresh copy of the bytes `card` returns for `section`, so callers cannot change the card. */
export function sectionBytesOf(card: VirtualCard, section: SectionId): Uint8Array {
  return card.sections.get(section)?.slice() ?? blankSectionBytes(section);
}
