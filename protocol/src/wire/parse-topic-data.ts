import type { SectionId } from '../card/section-ids.js';
import { SECTION_IDS } from '../card/section-ids.js';
import {
  childPath,
  copyOptionalField,
  expectArray,
  expectInteger,
  expectString,
  fail,
  type PlainRecord,
  readField,
  readOneOfField,
  requiredField,
} from './field-reader.js';
import { MAX_REASON_LENGTH, MAX_SECTIONS } from './message-limits.js';
import {
  readHolder,
  readInsertion,
  readReaderInfo,
  readSectionErrors,
  readSectionId,
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
const KNOWN_SECTIONS: ReadonlySet<string> = new Set(SECTION_IDS);
function readPending(value: unknown, path: string): SectionId[] {
  return expectArray(value, path, 1, MAX_SECTIONS).filter(
    (item): item is SectionId => typeof item === 'string' && KNOWN_SECTIONS.has(item),
  );
}

const readReaderData = (
  data: PlainRecord,
  path: string,
): { reader: ReturnType<typeof readReaderInfo> } => ({
  reader: readField(data, 'reader', path, readReaderInfo),
});

/** The data parser of each topic; unknown data fields are ignored. */
export const TOPIC_DATA_PARSERS: { [T in Topic]: DataParser<T> } = {
  'reader.attached': readReaderData,
  'reader.detached': readReaderData,
  'card.inserted': (data, path) =>
    readInsertion(data, path, {
      presence: readOneOfField(
        data,
        'presence',
        path,
        INSERTED_PRESENCE,
        'presence of an inserted card',
      ),
    }),
  'card.removed': (data, path) => readInsertion(data, path, {}),
  'card.pin': (data, path) =>
    readInsertion(data, path, { section: readField(data, 'section', path, readSectionId) }),
  'card.reading': (data, path) => {
    const section = readField(data, 'section', path, readSectionId);
    const indexPath = childPath(path, 'index');
    const index = expectInteger(requiredField(data, 'index', path), indexPath, 1, MAX_SECTIONS);
    const totalPath = childPath(path, 'total');
    const total = expectInteger(requiredField(data, 'total', path), totalPath, 1, MAX_SECTIONS);
    if (index > total) fail(indexPath, 'must not exceed total');
    return readInsertion(data, path, { section, index, total });
  },
  'card.read': (data, path) => {
    const read: CardReadData = { holder: readField(data, 'holder', path, readHolder) };
    copyOptionalField(read, data, 'sections', path, readSectionsData);
    copyOptionalField(read, data, 'errors', path, readSectionErrors);
    copyOptionalField(read, data, 'pending', path, readPending);
    return readInsertion(data, path, read);
  },
  'card.error': (data, path) => {
    const result: TopicData['card.error'] = {
      error: readField(data, 'error', path, readWireError),
    };
    copyOptionalField(result, data, 'section', path, readSectionId);
    return readInsertion(data, path, result);
  },
  'server.shutdown': (data, path) => ({
    reason: expectString(requiredField(data, 'reason', path), childPath(path, 'reason'), {
      min: 0,
      max: MAX_REASON_LENGTH,
    }),
  }),
};
