/** @packageDocumentation The wire layer: message types, validation, codecs, subprotocols. */

export {
  ACCESS_STATUSES,
  type AccessEntry,
  type AccessStatus,
  MAX_ACCESS_ENTRIES,
  MAX_ORIGIN_LENGTH,
  PAGE_ORIGIN_PATTERN,
} from './access-ops.js';
export type { CardSectionsData, MaskedHolder, SectionErrors } from './card-data.js';
export { CLOSE_CODES, type CloseCode } from './close-codes.js';
export {
  type Codec,
  DEFAULT_DECODE_LIMITS,
  type DecodeFailure,
  type DecodeLimits,
  type DecodeResult,
  decodeFailureResponse,
  resolveDecodeLimits,
  SUBPROTOCOLS,
  type Subprotocol,
} from './codec.js';
export {
  DEFAULT_DEADLINES,
  type DeadlineTable,
  requestDeadlineMs,
  sectionDeadlineMs,
  sectionWaitsForPin,
} from './deadlines.js';
export { jsonCodec } from './json-codec.js';
export {
  CARD_NAME_PATTERN,
  MAX_CARD_NAME_LENGTH,
  MAX_DATA_DEPTH,
  MAX_DATA_VALUES,
  MAX_ERROR_TEXT_LENGTH,
  MAX_MASKED_NAME_LENGTH,
  MAX_READER_ID_LENGTH,
  MAX_READER_NAME_LENGTH,
  MAX_READERS,
  MAX_REASON_LENGTH,
  MAX_REQUEST_ID,
  MAX_SCOPES,
  MAX_SECTIONS,
  MAX_SERVER_LABEL_LENGTH,
  MAX_TOPIC_PATTERNS,
} from './message-limits.js';
export {
  type ClientMessage,
  type ErrorResponseMessage,
  type EventMessage,
  type HelloMessage,
  type OkResponseMessage,
  PROTOCOL_VERSION,
  type RequestId,
  type RequestMessage,
  type ResponseFor,
  type ResponseMessage,
  type ServerMessage,
  type WireMessage,
} from './messages.js';
export { msgpackCodec } from './msgpack-codec.js';
export {
  isOp,
  OP_REQUIRED_SCOPE,
  OPS,
  type Op,
  type OpParams,
  type OpResult,
  type ReaderParams,
} from './ops.js';
export { parseClientMessage } from './parse-client-message.js';
export {
  type ParseFailure,
  type ParseFailureCode,
  type ParseResult,
  parseFailureResponse,
  type ValidationResult,
} from './parse-result.js';
export { parseOpResult } from './parse-results.js';
export { parseServerMessage } from './parse-server-message.js';
export type { CardState, ReaderInfo, ReaderSnapshot, ReaderStatus } from './reader-types.js';
export { chooseSubprotocol, codecFor, isSubprotocol } from './subprotocols.js';
export {
  type CardPinData,
  type CardReadData,
  type CardReadingData,
  type InsertionRef,
  isTopic,
  isTopicPattern,
  type ServerTopic,
  TOPIC_PATTERNS,
  TOPICS,
  type Topic,
  type TopicData,
  type TopicPattern,
  topicMatches,
} from './topics.js';
export {
  CARD_PRESENCE,
  type CardPresence,
  DRIVER_NAMES,
  type DriverName,
  NATIVE_SOURCES,
  type NativeSource,
  SCOPES,
  type Scope,
} from './value-sets.js';
export type { NativeErrorDetail, WireError } from './wire-error.js';
