/**
 * Why a decoded value deserves a second look. Decoders never drop or guess data: they keep
 * the raw text and add a warning.
 */
export type CardWarningKind =
  /** A date or date-time field holds something that is not a calendar date. */
  | 'invalid-date'
  /** An ID number fails its format or check digit. */
  | 'invalid-id'
  /** A coded field holds a value whose meaning is not known. */
  | 'unknown-code'
  /** A text field holds characters from outside standard Big5 (HKSCS / user-defined). */
  | 'non-standard-char'
  /** A variable-length field ends with an incomplete record. */
  | 'partial-record'
  /** A numeric field holds something other than digits. */
  | 'invalid-number';

/** One warning attached to a decoded section. */
export interface CardWarning {
  /** What kind of problem this is. */
  kind: CardWarningKind;
  /** The field path, e.g. `name`, `visits[2].visitDateTime`. */
  field: string;
  /** A sentence in English saying what was found. */
  message: string;
  /** The raw value: text as read, or hex for bytes. */
  raw: string;
}
