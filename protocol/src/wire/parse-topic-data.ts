import type { SectionId } from '../card/section-ids.js';
import { SECTION_IDS } from '../card/section-ids.js';
import {
  childPath,
  expectArray,
  expectInteger,
  expectOneOf,
  expectString,
  fail,
  ownField,
  type PlainRecord,
  requiredField,
} from './field-reader.js';
import { MAX_REASON_LENGTH, MAX_SECTIONS } from './message-limits.js';
import {
  readHolder,
  readInsertion,
  readReaderInfo,
  readSectionErrors,
  readSectionsData,
  readWireError,
} from './parse-shared.js';
import type { CardReadData, Topic, TopicData } from './topics.js';
import { CARD_PRESENCE } from './value-sets.js';

type DataParser<T extends Topic> = (data: PlainRecord, path: string) => TopicData[T];

const INSERTED_PRESENCE = CARD_PRESENCE.filter(
  (presence): presence is TopicData['card.inserted']['presence'] => presence !== 'no-card',
);

/**
 * The sections a partial `card.read` still waits for. Ids this version does not know are
 * dropped (a newer server may read sections an older client has no name for); the list stays,
 * so its presence still says the read is not over.
 */
function readPending(value: unknown, path: string): SectionId[] {
  const known = new Set<string>(SECTION_IDS);
  return expectArray(value, path, 1, MAX_SECTIONS).filter(
    (item): item is SectionId => typeof item === 'string' && known.has(item),
  );
}

const readReaderData = (
  data: PlainRecord,
  path: string,
): { reader: ReturnType<typeof readReaderInfo> } => ({
  reader: readReaderInfo(requiredField(data, 'reader', path), childPath(path, 'reader')),
});

/** The data parser of each topic; unknown data fields are ignored. */
export const TOPIC_DATA_PARSERS: { [T in Topic]: DataParser<T> } = {
  'reader.attached': readReaderData,
  'reader.detached': readReaderData,
  'card.inserted': (data, path) =>
    readInsertion(data, path, {
      presence: expectOneOf(
        requiredField(data, 'presence', path),
        childPath(path, 'presence'),
        INSERTED_PRESENCE,
        'presence of an inserted card',
      ),
    }),
  'card.removed': (data, path) => readInsertion(data, path, {}),
  'card.pin': (data, path) =>
    readInsertion(data, path, {
      section: expectOneOf(
        requiredField(data, 'section', path),
        childPath(path, 'section'),
        SECTION_IDS,
        'section',
      ),
    }),
  'card.reading': (data, path) => {
    const section = expectOneOf(
      requiredField(data, 'section', path),
      childPath(path, 'section'),
      SECTION_IDS,
      'section',
    );
    const indexPath = childPath(path, 'index');
    const index = expectInteger(requiredField(data, 'index', path), indexPath, 1, MAX_SECTIONS);
    const totalPath = childPath(path, 'total');
    const total = expectInteger(requiredField(data, 'total', path), totalPath, 1, MAX_SECTIONS);
    if (index > total) fail(indexPath, 'must not exceed total');
    return readInsertion(data, path, { section, index, total });
  },
  'card.read': (data, path) => {
    const read: CardReadData = {
      holder: readHolder(requiredField(data, 'holder', path), childPath(path, 'holder')),
    };
    const sections = ownField(data, 'sections', path);
    if (sections !== undefined) {
      read.sections = readSectionsData(sections, childPath(path, 'sections'));
    }
    const errors = ownField(data, 'errors', path);
    if (errors !== undefined) read.errors = readSectionErrors(errors, childPath(path, 'errors'));
    const pending = ownField(data, 'pending', path);
    if (pending !== undefined) read.pending = readPending(pending, childPath(path, 'pending'));
    return readInsertion(data, path, read);
  },
  'card.error': (data, path) => {
    const result: TopicData['card.error'] = {
      error: readWireError(requiredField(data, 'error', path), childPath(path, 'error')),
    };
    const section = ownField(data, 'section', path);
    if (section !== undefined) {
      result.section = expectOneOf(section, childPath(path, 'section'), SECTION_IDS, 'section');
    }
    return readInsertion(data, path, result);
  },
  'server.shutdown': (data, path) => ({
    reason: expectString(requiredField(data, 'reason', path), childPath(path, 'reason'), {
      min: 0,
      max: MAX_REASON_LENGTH,
    }),
  }),
};
