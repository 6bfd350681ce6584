import { DEFAULT_DEADLINES, type DeadlineTable } from './deadlines.js';
import {
  copyOptionalField,
  expectBoolean,
  expectDistinct,
  expectInteger,
  expectRecord,
  expectString,
  FieldError,
  fail,
  isPlainRecord,
  type PlainRecord,
  readField,
  readOneOfField,
  requiredField,
} from './field-reader.js';
import { MAX_REQUEST_ID, MAX_SCOPES, MAX_SERVER_LABEL_LENGTH } from './message-limits.js';
import {
  type EventMessage,
  type HelloMessage,
  PROTOCOL_VERSION,
  type RequestId,
  type ResponseMessage,
  type ServerMessage,
} from './messages.js';
import { echoName, readableId, toParseFailure } from './parse-client-message.js';
import type { ParseResult } from './parse-result.js';
import { readIsoTime, readReaderId, readReaderList, readWireError } from './parse-shared.js';
import { TOPIC_DATA_PARSERS } from './parse-topic-data.js';
import { copyPlainData } from './plain-data.js';
import { isTopic, type Topic } from './topics.js';
import { DRIVER_NAMES, SCOPES, type Scope } from './value-sets.js';

const MAX_SEQ = Number.MAX_SAFE_INTEGER;

function readScopes(value: unknown, path: string): Scope[] {
  return expectDistinct(value, path, SCOPES, 1, MAX_SCOPES, 'scope');
}

/** The deadline table of `hello`: every field of `DeadlineTable`, each a whole number of ms. */
function readDeadlines(value: unknown, path: string): DeadlineTable {
  const record = expectRecord(value, path);
  const table = { ...DEFAULT_DEADLINES };
  for (const key of Object.keys(DEFAULT_DEADLINES) as (keyof DeadlineTable)[]) {
    table[key] = expectInteger(requiredField(record, key, path), `${path}.${key}`, 1, MAX_SEQ);
  }
  return table;
}

function readHello(record: PlainRecord): HelloMessage {
  if (requiredField(record, 'protocol', '') !== PROTOCOL_VERSION) {
    fail('protocol', `must be ${PROTOCOL_VERSION}`);
  }
  const server = expectRecord(requiredField(record, 'server', ''), 'server');
  const label = { min: 1, max: MAX_SERVER_LABEL_LENGTH };
  const hello: HelloMessage = {
    type: 'hello',
    protocol: PROTOCOL_VERSION,
    server: {
      name: expectString(requiredField(server, 'name', 'server'), 'server.name', label),
      version: expectString(requiredField(server, 'version', 'server'), 'server.version', label),
    },
    driver: readOneOfField(record, 'driver', '', DRIVER_NAMES, 'driver'),
    readers: readField(record, 'readers', '', readReaderList),
    scopes: readField(record, 'scopes', '', readScopes),
    seq: expectInteger(requiredField(record, 'seq', ''), 'seq', 0, MAX_SEQ),
  };
  return copyOptionalField(hello, record, 'deadlines', '', readDeadlines);
}

function readResponse(record: PlainRecord): ResponseMessage {
  const ok = expectBoolean(requiredField(record, 'ok', ''), 'ok');
  const idValue = requiredField(record, 'id', '');
  if (ok) {
    return {
      type: 'response',
      id: expectInteger(idValue, 'id', 0, MAX_REQUEST_ID),
      ok: true,
      result: copyPlainData(requiredField(record, 'result', ''), 'result'),
    };
  }
  return {
    type: 'response',
    id: idValue === null ? null : expectInteger(idValue, 'id', 0, MAX_REQUEST_ID),
    ok: false,
    error: readWireError(requiredField(record, 'error', ''), 'error'),
  };
}

function readEvent(record: PlainRecord): EventMessage {
  const topic = requiredField(record, 'topic', '');
  if (typeof topic !== 'string') fail('topic', 'must be a string');
  if (!isTopic(topic)) fail('topic', `${echoName(topic)} is not a known topic`);
  const seq = expectInteger(requiredField(record, 'seq', ''), 'seq', 1, MAX_SEQ);
  const time = readIsoTime(requiredField(record, 'time', ''), 'time');
  const readerValue = requiredField(record, 'reader', '');
  let reader: string | null = null;
  if (topic.startsWith('server.')) {
    if (readerValue !== null) fail('reader', 'must be null for a server topic');
  } else {
    reader = readReaderId(readerValue, 'reader');
  }
  const parser = TOPIC_DATA_PARSERS[topic] as (data: PlainRecord, path: string) => unknown;
  const data = parser(expectRecord(requiredField(record, 'data', ''), 'data'), 'data');
  // The cast pairs topic with reader and data, which were validated for exactly that topic.
  return { type: 'event', topic, seq, time, reader, data } as EventMessage<Topic>;
}

/**
 * Validates a decoded frame from a server: a hello, a response or an event. Unknown fields
 * are ignored; an event with an unknown topic fails at `topic` (a client ignores it). An ok
 * response's `result` is checked as plain data only: check it against the request's op
 * with `parseOpResult`. Never throws.
 */
export function parseServerMessage(value: unknown): ParseResult<ServerMessage> {
  let id: RequestId | null = null;
  try {
    if (!isPlainRecord(value)) throw new FieldError('', 'a message must be an object');
    const type = requiredField(value, 'type', '');
    if (type === 'response') id = readableId(value);
    switch (type) {
      case 'hello':
        return { ok: true, message: readHello(value) };
      case 'response':
        return { ok: true, message: readResponse(value) };
      case 'event':
        return { ok: true, message: readEvent(value) };
      default:
        return fail(
          'type',
          typeof type === 'string' ? 'must be "hello", "response" or "event"' : 'must be a string',
        );
    }
  } catch (thrown) {
    return { ok: false, error: toParseFailure(thrown, id) };
  }
}
