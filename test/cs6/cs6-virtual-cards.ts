// The virtual-card side of the CS 6.0 console stand-in: the console's `POST
// /api/hc/v1/VirtualHc/ReadBasic {token}`, answered as public HIS code reads it — a
// `statusCode` and, on success, the card's `cardId`, `name`, `idNo`, `birthday` (ROC date) and
// `sex` as JSON fields. The fields are cut from the card's 72-byte csHIS basic data, the byte
// fixture the tests compare against. Which codes the real console answers when is not public:
// the stand-in answers the VHC catalog's codes for the situations that table describes, and
// anything the real console does differently is listed in docs/virtual-card.md.
import type { VirtualCard } from '@nhicard/native';
import iconv from 'iconv-lite';
import { createVirtualQrCodes, type VirtualQrControls } from '../vhc/virtual-qr-codes.js';

/** A reply the stand-in sends: HTTP status and JSON body. */
interface StandInReply {
  status: number;
  json: unknown;
}

/** The virtual cards the console knows and its controls for them. */
export interface Cs6VirtualCards extends VirtualQrControls {
  /** Answers the next ReadBasic with `statusCode: code` and nothing else, once. */
  failNext(code: number): void;
  /** Answers the next ReadBasic with exactly `reply`, once (malformed replies). */
  replyNext(reply: StandInReply): void;
  /** The answer to one ReadBasic call with `body`. */
  readBasic(body: Record<string, unknown>): StandInReply;
}

function ascii(bytes: Uint8Array, offset: number, width: number): string {
  return Buffer.from(bytes.subarray(offset, offset + width))
    .toString('latin1')
    .trim();
}

/** The reply fields of a card, cut from its csHIS basic data (72 bytes). */
function basicFields(card: VirtualCard): Record<string, string> {
  const bytes = card.sections.get('basic');
  if (bytes === undefined) throw new Error('the stand-in needs a card with basic data');
  return {
    cardId: ascii(bytes, 0, 12),
    name: iconv.decode(Buffer.from(bytes.subarray(12, 32)), 'big5').trim(),
    idNo: ascii(bytes, 32, 10),
    birthday: ascii(bytes, 42, 7),
    sex: ascii(bytes, 49, 1),
  };
}

/** Creates the console's virtual-card model: connected mode, registered, cloud up. */
export function createCs6VirtualCards(): Cs6VirtualCards {
  const qrCodes = createVirtualQrCodes('VHCQR2');
  let injected: StandInReply | null = null;

  return {
    ...qrCodes.controls,
    failNext(code) {
      injected = { status: 200, json: { statusCode: code } };
    },
    replyNext(reply) {
      injected = reply;
    },
    readBasic(body) {
      if (injected !== null) {
        const reply = injected;
        injected = null;
        return reply;
      }
      const refused = qrCodes.registrationCode();
      if (refused !== null) return { status: 200, json: { statusCode: refused } };
      const { code, card } = qrCodes.present(body.token, 1004);
      if (card === undefined) return { status: 200, json: { statusCode: code } };
      return { status: 200, json: { statusCode: code, ...basicFields(card) } };
    },
  };
}
