import { encodeBig5Field, getSection } from '@nhicard/protocol';
import { cs6VirtualFieldError, cs6VirtualReplyError } from './cs6-errors.js';

/**
 * The reply fields of the console's `VirtualHc/ReadBasic` that the basic-data layout holds, as
 * public HIS code reads them, with the csHIS offset and width each one fills.
 */
const ASCII_FIELDS = [
  { field: 'cardId', offset: 0, rule: /^\d{12}$/, says: '12 digits' },
  { field: 'idNo', offset: 32, rule: /^[A-Z][A-Z0-9]\d{8}$/, says: 'a 10-character ID number' },
  { field: 'birthday', offset: 42, rule: /^\d{7}$/, says: 'a 7-digit ROC date' },
  { field: 'sex', offset: 49, rule: /^[A-Za-z0-9]$/, says: 'one letter or digit' },
] as const;
const NAME_OFFSET = 12;
const NAME_WIDTH = 20;
const SPACE = 0x20;

function textField(reply: Record<string, unknown>, field: string, says: string): string {
  const value = reply[field];
  if (typeof value !== 'string') throw cs6VirtualFieldError(field, says);
  return value.trim();
}

/**
 * The 72-byte csHIS basic-data layout (what `hisGetBasicData` fills) built from a successful
 * `VirtualHc/ReadBasic` reply, so the protocol's `basic` decoder reads a virtual card like a
 * physical one. The reply carries the card number, name, ID number, birth date and sex; the
 * issue date, cancel flag and emergency phone are not in it and stay blank (spaces, as csHIS
 * pads a blank field). A field missing or outside its format is a `CARD_ERROR`, never a guess.
 */
export function virtualBasicBytes(body: unknown): Uint8Array {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw cs6VirtualReplyError();
  }
  const reply = body as Record<string, unknown>;
  const { size } = getSection('basic');
  const bytes = new Uint8Array(size.kind === 'fixed' ? size.bytes : 0).fill(SPACE);
  for (const { field, offset, rule, says } of ASCII_FIELDS) {
    const text = textField(reply, field, says);
    if (!rule.test(text)) throw cs6VirtualFieldError(field, says);
    for (let index = 0; index < text.length; index += 1) {
      bytes[offset + index] = text.charCodeAt(index);
    }
  }
  const nameRule = `a name of at most ${NAME_WIDTH} bytes in Big5`;
  const name = textField(reply, 'name', nameRule);
  if (name === '') throw cs6VirtualFieldError('name', nameRule);
  try {
    bytes.set(encodeBig5Field(name, NAME_WIDTH), NAME_OFFSET);
  } catch {
    // The encoder's error may quote the character Big5 lacks: part of a name, so dropped.
    throw cs6VirtualFieldError('name', nameRule);
  }
  return bytes;
}
