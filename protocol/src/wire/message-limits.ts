import { SECTION_IDS } from '../card/section-ids.js';
import { TOPIC_PATTERNS } from './topics.js';
import { SCOPES } from './value-sets.js';

// Bounds the parsers enforce on message fields. String lengths are in UTF-16 code units
// (JavaScript `length`). They sit well under the codecs' frame limits so that a message
// which passed decoding can still be refused field by field with a precise BAD_REQUEST.

/** Largest request id: ids must survive a round-trip through a JavaScript number. */
export const MAX_REQUEST_ID = Number.MAX_SAFE_INTEGER;

/** Longest reader id. */
export const MAX_READER_ID_LENGTH = 128;

/** Longest reader name (PC/SC names are typically under 100). */
export const MAX_READER_NAME_LENGTH = 256;

/** Most readers in `hello`, `readers.list` and `snapshot`. */
export const MAX_READERS = 64;

/** Most patterns in one `subscribe`/`unsubscribe` (there are only this many distinct ones). */
export const MAX_TOPIC_PATTERNS = TOPIC_PATTERNS.length;

/** Most sections in one `card.read` (each section at most once). */
export const MAX_SECTIONS = SECTION_IDS.length;

/** Most scopes in `hello` (each at most once). */
export const MAX_SCOPES = SCOPES.length;

/** Longest demo card id or card file name in `sim.insert`. */
export const MAX_CARD_NAME_LENGTH = 128;

/**
 * What a `sim.insert` card name may look like: letters, digits, `.`, `_`, `-`, not starting
 * with a dot, so it can never name a path outside the simulator's card folder.
 */
export const CARD_NAME_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/**
 * Longest QR code string in `vhc.submitQr`. The NHI app's QR codes are a few hundred
 * characters; this leaves room for longer versions without accepting arbitrary payloads.
 */
export const MAX_QR_LENGTH = 4096;

/** Longest error `message`, `hint` or native message. */
export const MAX_ERROR_TEXT_LENGTH = 1024;

/** Longest server name or version in `hello`. */
export const MAX_SERVER_LABEL_LENGTH = 64;

/** Longest opaque `insertion` id. */
export const MAX_INSERTION_LENGTH = 64;

/** What a PIN typed with `sim.pin` may look like: 4 to 12 digits, as on an NHI card. */
export const PIN_PATTERN = /^[0-9]{4,12}$/;

/** Longest masked name. */
export const MAX_MASKED_NAME_LENGTH = 64;

/** Longest `server.shutdown` reason. */
export const MAX_REASON_LENGTH = 256;

/** Longest ISO 8601 time string (nanosecond precision with an offset fits). */
export const MAX_TIME_LENGTH = 40;

/** Deepest nesting inside opaque data (a card section's value, an unread result). */
export const MAX_DATA_DEPTH = 24;

/** Most values (of any kind, containers included) in one piece of opaque data. */
export const MAX_DATA_VALUES = 100_000;

/** Longest op name echoed back in an UNKNOWN_OP message (the rest is cut). */
export const MAX_ECHOED_NAME_LENGTH = 40;
