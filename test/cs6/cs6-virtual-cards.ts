// The virtual-card side of the CS 6.0 console stand-in: the console's `POST
// /api/hc/v1/VirtualHc/ReadBasic {token}`, answered as public HIS code reads it — a
// `statusCode` and, on success, the card's `cardId`, `name`, `idNo`, `birthday` (ROC date) and
// `sex` as JSON fields. The fields are cut from the card's 72-byte csHIS basic data, the byte
// fixture the tests compare against. Which codes the real console answers when is not public:
// the stand-in answers the VHC catalog's codes for the situations that table describes, and
// anything the real console does differently is listed in docs/virtual-card.md.
import { randomBytes } from 'node:crypto';
import type { VirtualCard } from '@nhicard/native';
import iconv from 'iconv-lite';

/** The console's registration for virtual cards, as far as the VHC table tells it apart. */
type Cs6VhcRegistration = 'ok' | 'missing' | 'device-token-expired' | 'offline-auth-expired';

interface IssuedToken {
  card: VirtualCard;
  expired: boolean;
  used: boolean;
  /** Made by the offline key: only these decrypt while the console is offline. */
  offlineReadable: boolean;
}

/** A reply the stand-in sends: HTTP status and JSON body. */
interface StandInReply {
  status: number;
  json: unknown;
}

/** The virtual cards the console knows and its controls for them. */
export interface Cs6VirtualCards {
  /** Issues a fresh QR code (token) for `card`, as the NHI app would show it. */
  issueQr(card: VirtualCard, options?: { offlineReadable?: boolean }): string;
  /** Lets a QR code's validity run out. */
  expireQr(qr: string): void;
  setMode(mode: 'online' | 'offline'): void;
  setRegistration(registration: Cs6VhcRegistration): void;
  /** Whether the NHI cloud behind the console answers (connected mode). */
  setCloudUp(up: boolean): void;
  /** Whether the PC clock agrees with the cloud's (offline checks need it). */
  setClockInSync(inSync: boolean): void;
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
  const issued = new Map<string, IssuedToken>();
  let injected: StandInReply | null = null;
  let mode: 'online' | 'offline' = 'online';
  let registration: Cs6VhcRegistration = 'ok';
  let cloudUp = true;
  let clockInSync = true;

  function refusal(): number | null {
    if (registration === 'missing') return mode === 'offline' ? 1045 : 1017;
    if (registration === 'device-token-expired' && mode === 'online') return 1015;
    if (registration === 'offline-auth-expired' && mode === 'offline') return 1046;
    return null;
  }

  function answer(token: unknown): { code: number; card?: VirtualCard } {
    const known = typeof token === 'string' ? issued.get(token) : undefined;
    if (mode === 'offline') {
      if (known === undefined || !known.offlineReadable) return { code: 2108 };
      if (!clockInSync) return { code: 2102 };
      if (known.expired) return { code: 2101 };
      return { code: 2000, card: known.card };
    }
    if (!cloudUp) return { code: 1004 };
    if (known === undefined) return { code: 1019 };
    if (known.expired) return { code: 1018 };
    if (known.used) return { code: 1020 };
    known.used = true;
    return { code: 0, card: known.card };
  }

  return {
    issueQr(card, options = {}) {
      // Fictional: the real app's QR codes are longer signed tokens.
      const qr = `VHCQR2.${randomBytes(24).toString('base64url')}`;
      issued.set(qr, {
        card,
        expired: false,
        used: false,
        offlineReadable: options.offlineReadable ?? true,
      });
      return qr;
    },
    expireQr(qr) {
      const known = issued.get(qr);
      if (known === undefined) throw new Error('the stand-in never issued that QR code');
      known.expired = true;
    },
    setMode(next) {
      mode = next;
    },
    setRegistration(next) {
      registration = next;
    },
    setCloudUp(up) {
      cloudUp = up;
    },
    setClockInSync(inSync) {
      clockInSync = inSync;
    },
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
      const refused = refusal();
      if (refused !== null) return { status: 200, json: { statusCode: refused } };
      const { code, card } = answer(body.token);
      if (card === undefined) return { status: 200, json: { statusCode: code } };
      return { status: 200, json: { statusCode: code, ...basicFields(card) } };
    },
  };
}
