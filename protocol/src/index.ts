/**
 * @packageDocumentation The nhicard wire protocol: messages, validation and codecs, the card
 * sections' decoders and types, the deadline table, and the error codes and native error
 * catalog. Pure and browser-safe; `sideEffects: false`, so a bundle keeps only what it uses.
 *
 * The list is explicit: what a broker, a driver or a client needs, and the types its data comes
 * in. Parsing primitives (Big5 decoding, ROC date parsing, field limits) stay inside.
 * `scripts/api-surface.test.ts` pins it.
 */

// Card data: what a section holds, how to decode and encode it, masking.
export { encodeBig5, encodeBig5Field } from './card/big5-encode.js';
export type { CardWarning, CardWarningKind } from './card/card-warning.js';
export { DecodeError } from './card/decode-error.js';
export { maskBirthDate, maskIdNumber, maskName } from './card/masking.js';
export { isoToRocDate, isoToRocDateTime } from './card/roc-date.js';
export type { SectionDataMap } from './card/section-data-map.js';
export { isSectionId, SECTION_IDS, type SectionId } from './card/section-ids.js';
export type { SectionInfo, SectionSize } from './card/section-info.js';
export type { SectionNeeds } from './card/section-needs.js';
export { decodeSection, encodeSection, getSection, SECTIONS } from './card/section-registry.js';
export type { Allergies, AllergyRecord } from './card/sections/allergies.js';
export type { BasicData, BasicDataLayout } from './card/sections/basic-data.js';
export type { CriticalIllness } from './card/sections/critical-illness.js';
export type {
  CriticalIllnessEntry,
  CriticalIllnessValidity,
} from './card/sections/critical-illness-slots.js';
export type { Cumulative, CumulativeYear } from './card/sections/cumulative.js';
export type { EmergencyPhone } from './card/sections/emergency-phone.js';
export type { CancelFlagFields, HolderFields, Sex } from './card/sections/holder-fields.js';
export type { ImportantOrderRecord, ImportantOrders } from './card/sections/important-orders.js';
export type { Insurance, InsuredStatus } from './card/sections/insurance.js';
export type { InsuranceBrief } from './card/sections/insurance-brief.js';
export type { LastVisitSeq } from './card/sections/last-visit-seq.js';
export type {
  LongTermPrescriptionRecord,
  LongTermPrescriptions,
} from './card/sections/long-term-prescriptions.js';
export type { OrganDonation } from './card/sections/organ-donation.js';
export type { Pregnancy, PrenatalCheck } from './card/sections/pregnancy.js';
export type { PrescriptionRecord, Prescriptions } from './card/sections/prescriptions.js';
export type { Prevent, PreventRecord } from './card/sections/prevent.js';
export type { RecordList } from './card/sections/record-list.js';
export type { SlotRecord } from './card/sections/record-slots.js';
export type { AfterCheck, Treatments, TreatmentVisit } from './card/sections/treatments.js';
export type {
  SecondaryDiagnoses,
  TreatmentsHpc,
  VisitDiagnoses,
} from './card/sections/treatments-hpc.js';
export type { Vaccination, Vaccinations } from './card/sections/vaccinations.js';
export type { VisitKind, VisitTypeCode } from './card/sections/visit-types.js';
export { checkTaiwanId, type TaiwanIdCheck, type TaiwanIdKind } from './card/taiwan-id.js';

// Errors: the closed code sets and the native catalog.
export {
  ACCESS_ERRORS,
  type AccessErrorCode,
  type AccessErrorText,
  isAccessErrorCode,
} from './errors/access-errors.js';
export { CodedError, type CodedErrorInit } from './errors/coded-error.js';
export { describeNativeError } from './errors/describe-native-error.js';
export {
  ERROR_CODE_LIST,
  ERROR_CODES,
  type ErrorCode,
  isErrorCode,
} from './errors/error-codes.js';
export { ERROR_HINTS, type ErrorHint } from './errors/error-hints.js';
export { nativeErrorEntries } from './errors/native-error-catalog.js';
export type {
  KnownNativeErrorEntry,
  NativeErrorCategory,
  NativeErrorEntry,
  NativeErrorSource,
  UnknownNativeErrorEntry,
} from './errors/native-error-entry.js';

// NATS presence: subjects, keys and records of the multi-workstation presence bus.
export type { NatsPresenceEvent, ReaderStateRecord } from './nats/presence-records.js';
export {
  type NatsPlace,
  parsePresenceSubject,
  parseStateKey,
  presenceSubject,
  stateKey,
  stateSubject,
  subjectToken,
} from './nats/presence-subjects.js';

// The wire: messages, ops, topics, codecs and their parsers.
export { type AccessEntry, type AccessStatus, MAX_ACCESS_ENTRIES } from './wire/access-ops.js';
export type { CardSectionsData, MaskedHolder, SectionErrors } from './wire/card-data.js';
export { CLOSE_CODES, type CloseCode } from './wire/close-codes.js';
export {
  type Codec,
  type DecodeFailure,
  type DecodeLimits,
  type DecodeResult,
  decodeFailureResponse,
  SUBPROTOCOLS,
  type Subprotocol,
} from './wire/codec.js';
export {
  DEFAULT_DEADLINES,
  type DeadlineTable,
  requestDeadlineMs,
  sectionDeadlineMs,
  sectionWaitsForPin,
} from './wire/deadlines.js';
export { jsonCodec } from './wire/json-codec.js';
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
} from './wire/messages.js';
export { msgpackCodec } from './wire/msgpack-codec.js';
export {
  isOp,
  OP_REQUIRED_SCOPE,
  OPS,
  type Op,
  type OpParams,
  type OpResult,
  type ReaderParams,
} from './wire/ops.js';
export { parseClientMessage } from './wire/parse-client-message.js';
export {
  type ParseFailure,
  type ParseFailureCode,
  type ParseResult,
  parseFailureResponse,
} from './wire/parse-result.js';
export { parseOpResult } from './wire/parse-results.js';
export { parseServerMessage } from './wire/parse-server-message.js';
export type { CardState, ReaderInfo, ReaderSnapshot, ReaderStatus } from './wire/reader-types.js';
export {
  type EncodedResult,
  encodeResult,
  okResponseBytes,
  writeOkResponse,
} from './wire/reused-result.js';
export { chooseSubprotocol, codecFor } from './wire/subprotocols.js';
export {
  type CardPinData,
  type CardReadData,
  type CardReadingData,
  type InsertionRef,
  isTopic,
  isTopicPattern,
  type ServerTopic,
  TOPICS,
  type Topic,
  type TopicData,
  type TopicPattern,
  topicMatches,
} from './wire/topics.js';
export {
  CARD_PRESENCE,
  type CardPresence,
  type DriverName,
  type NativeSource,
  SCOPES,
  type Scope,
} from './wire/value-sets.js';
export type { NativeErrorDetail, WireError } from './wire/wire-error.js';
