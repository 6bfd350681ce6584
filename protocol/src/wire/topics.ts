import type { SectionId } from '../card/section-ids.js';
import type { CardSectionsData, MaskedHolder, SectionErrors } from './card-data.js';
import type { ReaderInfo } from './reader-types.js';
import type { CardPresence } from './value-sets.js';
import type { WireError } from './wire-error.js';

/** Every event topic of protocol 1. */
export const TOPICS = [
  'reader.attached',
  'reader.detached',
  'card.inserted',
  'card.removed',
  'card.reading',
  'card.pin',
  'card.read',
  'card.error',
  'server.shutdown',
] as const;

/** One of {@link TOPICS}. */
export type Topic = (typeof TOPICS)[number];

/** Whether `value` names a topic of protocol 1. */
export function isTopic(value: unknown): value is Topic {
  return typeof value === 'string' && (TOPICS as readonly string[]).includes(value);
}

/** Topics whose events are about the broker as a whole; their `reader` is `null`. */
export type ServerTopic = Extract<Topic, `server.${string}`>;

/** What a `subscribe`/`unsubscribe` may name: an exact topic, `card.*`, `reader.*` or `*`. */
export const TOPIC_PATTERNS = [...TOPICS, 'card.*', 'reader.*', '*'] as const;

/** One of {@link TOPIC_PATTERNS}. */
export type TopicPattern = (typeof TOPIC_PATTERNS)[number];

/** Whether `value` is a valid topic pattern. */
export function isTopicPattern(value: unknown): value is TopicPattern {
  return typeof value === 'string' && (TOPIC_PATTERNS as readonly string[]).includes(value);
}

/** Whether an event on `topic` is selected by `pattern`. */
export function topicMatches(pattern: TopicPattern, topic: Topic): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return topic.startsWith(pattern.slice(0, -1));
  return pattern === topic;
}

/**
 * Which card insertion an event, a snapshot entry or a read result is about: an opaque id
 * the broker gives each card it sees go in, unique for the server run. A client compares ids
 * for equality only: a different id is a different insertion, even of a card with the same
 * holder. Left out where no card is in, and by servers older than the field.
 */
export interface InsertionRef {
  /** The insertion id (1–64 characters). */
  insertion?: string;
}

/** The reader waits for a person to type a PIN before `section` can be read. */
export interface CardPinData extends InsertionRef {
  /** The section whose read waits. */
  section: SectionId;
}

/** Progress of a read: the section being read now is number `index` of `total`. */
export interface CardReadingData extends InsertionRef {
  /** The section being read. */
  section: SectionId;
  /** 1-based position of `section` in this read. */
  index: number;
  /** How many sections this read covers. */
  total: number;
}

/**
 * The outcome of a read of the current card (the automatic read on insertion or one a client
 * asked for). `presence`-scope connections get `holder` and `errors` only.
 */
export interface CardReadData extends InsertionRef {
  /** The masked holder, once the basic section is known. */
  holder: MaskedHolder | null;
  /** The sections read (left out for `presence` connections). */
  sections?: CardSectionsData;
  /** Sections that failed in this read. */
  errors?: SectionErrors;
  /**
   * Only on a partial result of the automatic read: the sections still to come, in the order
   * they will be read. The automatic read publishes a `card.read` as soon as each section is
   * decoded, every one holding all sections decoded so far; the last one has no `pending`.
   * Absent (an older server, a finished read) means the read is over.
   */
  pending?: SectionId[];
}

/** The `data` of each topic's events. */
export interface TopicData {
  /** A reader appeared. */
  'reader.attached': { reader: ReaderInfo };
  /** A reader went away; its card state is gone with it. */
  'reader.detached': { reader: ReaderInfo };
  /** A card went in (`ready`, `not-ready` while it settles, or `not-nhi-card`). */
  'card.inserted': InsertionRef & { presence: Exclude<CardPresence, 'no-card'> };
  /** The card went out; every cached section of it is dropped. */
  'card.removed': InsertionRef;
  /** A section read started. */
  'card.reading': CardReadingData;
  /**
   * A read waits for a PIN: on csHIS.dll its own PIN dialog is open on the PC (or the
   * reader's PIN pad asks); on the simulator, type it with `sim.pin`. The read goes on once the
   * PIN is entered, or fails with `PIN_REQUIRED` (wrong PIN, Cancel) or `TIMEOUT`.
   */
  'card.pin': CardPinData;
  /** A read finished. */
  'card.read': CardReadData;
  /** Detecting or reading the card failed outside any request (e.g. the automatic read). */
  'card.error': InsertionRef & { error: WireError; section?: SectionId };
  /** The broker is stopping; it closes every connection with 1001 right after. */
  'server.shutdown': { reason: string };
}
