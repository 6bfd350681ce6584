import type { SectionId } from '../card/section-ids.js';
import type { AccessEntry } from './access-ops.js';
import type { CardSectionsData, SectionErrors } from './card-data.js';
import type { ReaderInfo, ReaderSnapshot, ReaderStatus } from './reader-types.js';
import type { TopicPattern } from './topics.js';
import type { Scope } from './value-sets.js';

/** Every op a client can request in protocol 1. */
export const OPS = [
  'subscribe',
  'unsubscribe',
  'snapshot',
  'readers.list',
  'card.status',
  'card.read',
  'ping',
  'sim.insert',
  'sim.remove',
  'sim.pin',
  'vhc.submitQr',
  'access.list',
  'access.approve',
  'access.deny',
] as const;

/** One of {@link OPS}. */
export type Op = (typeof OPS)[number];

/** Whether `value` names an op of protocol 1. */
export function isOp(value: unknown): value is Op {
  return typeof value === 'string' && (OPS as readonly string[]).includes(value);
}

/** Params of an op that names a reader; without `reader` the broker uses its only reader. */
export interface ReaderParams {
  /** The reader id; may be left out when exactly one reader is attached. */
  reader?: string;
}

/** The params each op takes. */
export interface OpParams {
  /** Adds topic patterns to the connection's subscription. */
  subscribe: { topics: TopicPattern[] };
  /** Removes topic patterns (exactly as they were subscribed) from the subscription. */
  unsubscribe: { topics: TopicPattern[] };
  /** Asks for every reader's current state and the current `seq`. */
  snapshot: Record<string, never>;
  /** Asks for the attached readers. */
  'readers.list': Record<string, never>;
  /** Asks for one reader's slot state. */
  'card.status': ReaderParams;
  /** Reads card sections; cached sections come from the cache unless `fresh`. */
  'card.read': ReaderParams & {
    /** The sections to read: at least one, each at most once. */
    sections: SectionId[];
    /** Read from the card even when the section is cached for this insertion. */
    fresh?: boolean;
  };
  /** Application-level heartbeat. */
  ping: Record<string, never>;
  /** Simulator only: inserts a demo card (by id) or a card file (by name). */
  'sim.insert': ReaderParams & { card: string };
  /** Simulator only: removes the card. */
  'sim.remove': ReaderParams;
  /**
   * Simulator only: types a PIN (4–12 digits) into the PIN prompt a read waits at, or presses
   * Cancel (`null`), as the holder would at csHIS.dll's dialog.
   */
  'sim.pin': ReaderParams & { pin: string | null };
  /**
   * Presents a virtual NHI card's QR code (as a scanner typed it) on a virtual-card reader;
   * `reader` may be left out when exactly one reader takes QR codes.
   */
  'vhc.submitQr': ReaderParams & { qr: string };
  /** Lists the page origins that asked for access, were approved or were denied. */
  'access.list': Record<string, never>;
  /**
   * Approves a page origin with `scopes` (`presence` and `read` only; default: what it asked
   * for, else `presence`). It lasts until denied, across restarts.
   */
  'access.approve': { origin: string; scopes?: Scope[] };
  /** Denies a page origin, or revokes its approval: its open connections close at once. */
  'access.deny': { origin: string };
}

/** The result of each op's successful response. */
export interface OpResult {
  /** The connection's whole subscription after the change. */
  subscribe: { topics: TopicPattern[] };
  /** The connection's whole subscription after the change. */
  unsubscribe: { topics: TopicPattern[] };
  /**
   * Every reader's state; `seq` is the seq of the last event emitted before it was taken.
   * Connections holding `read` also get each reader's cached sections.
   */
  snapshot: { seq: number; readers: ReaderSnapshot[] };
  /** The attached readers. */
  'readers.list': { readers: ReaderInfo[] };
  /** The reader and its slot. */
  'card.status': ReaderStatus;
  /**
   * The sections read, by id. When some (not all) requested sections failed, `errors` holds
   * their errors; when all failed, the response is an error instead.
   */
  'card.read': {
    reader: string;
    sections: CardSectionsData;
    errors?: SectionErrors;
    /** The insertion the sections were read from. */
    insertion?: string;
  };
  /** The broker's clock, as an ISO 8601 string. */
  ping: { time: string };
  /** The reader the card went into, and the card id or file name used. */
  'sim.insert': { reader: string; card: string };
  /** The reader the card was taken out of. */
  'sim.remove': { reader: string };
  /** The reader whose PIN prompt was answered. */
  'sim.pin': { reader: string };
  /** The virtual reader the QR code's card is now "inserted" in (never the QR code itself). */
  'vhc.submitQr': { reader: string };
  /** Every origin in the access file, sorted by origin. */
  'access.list': { origins: AccessEntry[] };
  /** The origin and the scopes it now holds (always with `presence`). */
  'access.approve': { origin: string; scopes: Scope[] };
  /** The origin now denied. */
  'access.deny': { origin: string };
}

/**
 * The scope a connection must hold to call each op. Every connection holds `presence`;
 * `read` and `admin` are granted per origin or token.
 */
export const OP_REQUIRED_SCOPE = {
  subscribe: 'presence',
  unsubscribe: 'presence',
  snapshot: 'presence',
  'readers.list': 'presence',
  'card.status': 'presence',
  'card.read': 'read',
  ping: 'presence',
  'sim.insert': 'admin',
  'sim.remove': 'admin',
  'sim.pin': 'admin',
  'vhc.submitQr': 'read',
  'access.list': 'admin',
  'access.approve': 'admin',
  'access.deny': 'admin',
} as const satisfies Record<Op, Scope>;
