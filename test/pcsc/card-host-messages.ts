import type { EmulatedCardBehaviour } from './emulated-nhi-card.js';
import type { ApduExchange, DisconnectReason } from './vpcd-card-connection.js';

/** A request from the test process to the card host process. */
export type CardHostRequest =
  | { id: number; op: 'insert'; port: number; behaviour: EmulatedCardBehaviour; quickAck: boolean }
  | { id: number; op: 'remove'; port: number }
  | { id: number; op: 'exchanges'; port: number };

/** The card host's answer to one request. */
export type CardHostReply =
  | {
      id: number;
      ok: true;
      exchanges?: ApduExchange[];
      quickAck?: boolean;
      /** For `insert`: when the card connected (host clock, see `CardHostEnded.atMs`). */
      atMs?: number;
    }
  | { id: number; ok: false; error: string };

/** Sent by the card host when a card's connection ends (removed, fault, vpcd gone). */
export interface CardHostEnded {
  event: 'ended';
  port: number;
  reason: DisconnectReason;
  exchanges: ApduExchange[];
  /** When it ended, as `performance.timeOrigin + performance.now()` in the host (ms). */
  atMs: number;
}
