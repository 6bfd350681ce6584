import type { EventMessage } from '../wire/messages.js';
import type { ReaderStatus } from '../wire/reader-types.js';

/**
 * A reader event as a broker publishes it to NATS: the event message a `presence` WebSocket
 * client would get (masked name only), with the site and workstation it comes from.
 */
export type NatsPresenceEvent = EventMessage & {
  /** The site (hospital, campus or clinic). */
  site: string;
  /** The workstation whose broker published it. */
  workstation: string;
  /**
   * The reader's state after this event, the record the bucket gets for it (null: the reader
   * went away). Left out of progress events (`card.reading`), which change no state. With it a
   * monitor follows every state from the events alone, and reads the bucket only on (re)connect.
   */
  state?: ReaderStateRecord | null;
};

/** A reader's last state, as the state bucket keeps it: the `presence` view only. */
export interface ReaderStateRecord {
  site: string;
  workstation: string;
  /** The reader and its card: presence, since when, masked holder. */
  status: ReaderStatus;
  /** The broker's `seq` of the last event that changed it. */
  seq: number;
  /** When the record was written (ISO 8601). */
  updated: string;
}
