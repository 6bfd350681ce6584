import { readAccessList, readApproveResult, readOriginOnly } from './access-ops.js';
import {
  childPath,
  copyOptionalField,
  expectArray,
  expectInteger,
  expectOneOf,
  expectRecord,
  indexPath,
  type PlainRecord,
  readArray,
  readField,
  requiredField,
} from './field-reader.js';
import { MAX_READERS, MAX_TOPIC_PATTERNS } from './message-limits.js';
import type { Op, OpResult } from './ops.js';
import { toParseFailure } from './parse-client-message.js';
import type { ValidationResult } from './parse-result.js';
import {
  readCardName,
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
  const record = expectRecord(value, path);
  return copyOptionalField(snapshot, record, 'sections', path, readSectionsData);
}

const readTopicPattern = (value: unknown, path: string): TopicPattern =>
  expectOneOf(value, path, TOPIC_PATTERNS, 'topic');

const readTopicList = (value: unknown, path: string): TopicPattern[] =>
  readArray(value, path, 0, MAX_TOPIC_PATTERNS, readTopicPattern);

function readSubscription(result: PlainRecord, path: string): { topics: TopicPattern[] } {
  return { topics: readField(result, 'topics', path, readTopicList) };
}

function readReaderOnly(result: PlainRecord, path: string): { reader: string } {
  return { reader: readField(result, 'reader', path, readReaderId) };
}

const RESULT_PARSERS: { [O in Op]: ResultParser<O> } = {
  subscribe: readSubscription,
  unsubscribe: readSubscription,
  snapshot: (result, path) => {
    // The list's length is checked before seq, each reader after it.
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
    readers: readField(result, 'readers', path, readReaderList),
  }),
  'card.status': (result, path) => readReaderStatus(result, path),
  'card.read': (result, path) => {
    const read: OpResult['card.read'] = {
      ...readReaderOnly(result, path),
      sections: readField(result, 'sections', path, readSectionsData),
    };
    copyOptionalField(read, result, 'errors', path, readSectionErrors);
    return readInsertion(result, path, read);
  },
  ping: (result, path) => ({ time: readField(result, 'time', path, readIsoTime) }),
  'sim.insert': (result, path) => {
    const card = readCardName(result, path, 'is not a valid card name');
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
