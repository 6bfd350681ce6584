import { readAccessList, readApproveResult, readOriginOnly } from './access-ops.js';
import {
  childPath,
  expectArray,
  expectInteger,
  expectOneOf,
  expectRecord,
  expectString,
  fail,
  indexPath,
  ownField,
  type PlainRecord,
  requiredField,
} from './field-reader.js';
import {
  CARD_NAME_PATTERN,
  MAX_CARD_NAME_LENGTH,
  MAX_READERS,
  MAX_TOPIC_PATTERNS,
} from './message-limits.js';
import type { Op, OpResult } from './ops.js';
import { toParseFailure } from './parse-client-message.js';
import type { ValidationResult } from './parse-result.js';
import {
  readInsertion,
  readIsoTime,
  readReaderId,
  readReaderList,
  readReaderStatus,
  readSectionErrors,
  readSectionsData,
} from './parse-shared.js';
import type { ReaderSnapshot } from './reader-types.js';
import { TOPIC_PATTERNS, type TopicPattern } from './topics.js';

type ResultParser<O extends Op> = (result: PlainRecord, path: string) => OpResult[O];

function readReaderSnapshot(value: unknown, path: string): ReaderSnapshot {
  const snapshot: ReaderSnapshot = readReaderStatus(value, path);
  const sections = ownField(expectRecord(value, path), 'sections', path);
  if (sections !== undefined) {
    snapshot.sections = readSectionsData(sections, childPath(path, 'sections'));
  }
  return snapshot;
}

function readSubscription(result: PlainRecord, path: string): { topics: TopicPattern[] } {
  const topicsPath = childPath(path, 'topics');
  const topics = expectArray(
    requiredField(result, 'topics', path),
    topicsPath,
    0,
    MAX_TOPIC_PATTERNS,
  );
  return {
    topics: topics.map((topic, index) =>
      expectOneOf(topic, indexPath(topicsPath, index), TOPIC_PATTERNS, 'topic'),
    ),
  };
}

function readReaderOnly(result: PlainRecord, path: string): { reader: string } {
  return { reader: readReaderId(requiredField(result, 'reader', path), childPath(path, 'reader')) };
}

const RESULT_PARSERS: { [O in Op]: ResultParser<O> } = {
  subscribe: readSubscription,
  unsubscribe: readSubscription,
  snapshot: (result, path) => {
    const readersPath = childPath(path, 'readers');
    const readers = expectArray(
      requiredField(result, 'readers', path),
      readersPath,
      0,
      MAX_READERS,
    );
    return {
      seq: expectInteger(
        requiredField(result, 'seq', path),
        childPath(path, 'seq'),
        0,
        Number.MAX_SAFE_INTEGER,
      ),
      readers: readers.map((reader, index) =>
        readReaderSnapshot(reader, indexPath(readersPath, index)),
      ),
    };
  },
  'readers.list': (result, path) => ({
    readers: readReaderList(requiredField(result, 'readers', path), childPath(path, 'readers')),
  }),
  'card.status': (result, path) => readReaderStatus(result, path),
  'card.read': (result, path) => {
    const read: OpResult['card.read'] = {
      ...readReaderOnly(result, path),
      sections: readSectionsData(
        requiredField(result, 'sections', path),
        childPath(path, 'sections'),
      ),
    };
    const errors = ownField(result, 'errors', path);
    if (errors !== undefined) read.errors = readSectionErrors(errors, childPath(path, 'errors'));
    return readInsertion(result, path, read);
  },
  ping: (result, path) => ({
    time: readIsoTime(requiredField(result, 'time', path), childPath(path, 'time')),
  }),
  'sim.insert': (result, path) => {
    const cardPath = childPath(path, 'card');
    const card = expectString(requiredField(result, 'card', path), cardPath, {
      min: 1,
      max: MAX_CARD_NAME_LENGTH,
    });
    if (!CARD_NAME_PATTERN.test(card)) fail(cardPath, 'is not a valid card name');
    return { ...readReaderOnly(result, path), card };
  },
  'sim.remove': readReaderOnly,
  'sim.pin': readReaderOnly,
  'vhc.submitQr': readReaderOnly,
  'access.list': readAccessList,
  'access.approve': readApproveResult,
  'access.deny': readOriginOnly,
};

/**
 * Validates the `result` of an ok response to a request for `op` (the client knows the op
 * from the request's id; the response does not repeat it). Fields are reported under
 * `result`, e.g. `result.readers[0].id`; the failure's id is `null`. Never throws.
 */
export function parseOpResult<O extends Op>(op: O, result: unknown): ValidationResult<OpResult[O]> {
  try {
    const parser: ResultParser<O> = RESULT_PARSERS[op];
    return { ok: true, value: parser(expectRecord(result, 'result'), 'result') };
  } catch (thrown) {
    return { ok: false, error: toParseFailure(thrown, null) };
  }
}
