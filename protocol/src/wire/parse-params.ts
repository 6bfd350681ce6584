import { SECTION_IDS, type SectionId } from '../card/section-ids.js';
import { readApproveParams, readOriginOnly } from './access-ops.js';
import {
  childPath,
  copyOptionalField,
  expectBoolean,
  expectDistinct,
  expectRecord,
  expectString,
  fail,
  type PlainRecord,
  requiredField,
} from './field-reader.js';
import { MAX_QR_LENGTH, MAX_SECTIONS, MAX_TOPIC_PATTERNS, PIN_PATTERN } from './message-limits.js';
import type { Op, OpParams } from './ops.js';
import { readCardName, readOptionalReader } from './parse-shared.js';
import { TOPIC_PATTERNS, type TopicPattern } from './topics.js';

type ParamsParser<O extends Op> = (params: PlainRecord, path: string) => OpParams[O];

function readTopics(params: PlainRecord, path: string): { topics: TopicPattern[] } {
  const topics = requiredField(params, 'topics', path);
  return {
    topics: expectDistinct(
      topics,
      childPath(path, 'topics'),
      TOPIC_PATTERNS,
      1,
      MAX_TOPIC_PATTERNS,
      'topic',
    ),
  };
}

function readSections(params: PlainRecord, path: string): SectionId[] {
  const sections = requiredField(params, 'sections', path);
  const sectionsPath = childPath(path, 'sections');
  return expectDistinct(sections, sectionsPath, SECTION_IDS, 1, MAX_SECTIONS, 'section');
}

const noParams = (): Record<string, never> => ({});

/** Whether `text` holds a C0 control character or DEL (a scanner's Enter or Tab, for one). */
function hasControlCharacter(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/**
 * The params parser of each op. Unknown params fields are ignored (a newer client may send
 * options an older broker does not know); optional fields that are absent stay absent.
 */
const PARAMS_PARSERS: { [O in Op]: ParamsParser<O> } = {
  subscribe: readTopics,
  unsubscribe: readTopics,
  snapshot: noParams,
  'readers.list': noParams,
  'card.status': (params, path) => readOptionalReader(params, path),
  'card.read': (params, path) => {
    const result: OpParams['card.read'] = {
      ...readOptionalReader(params, path),
      sections: readSections(params, path),
    };
    return copyOptionalField(result, params, 'fresh', path, expectBoolean);
  },
  ping: noParams,
  'sim.insert': (params, path) => {
    const rule = 'may hold only letters, digits, ".", "_" and "-", and not start with "."';
    const card = readCardName(params, path, rule);
    return { ...readOptionalReader(params, path), card };
  },
  'sim.remove': (params, path) => readOptionalReader(params, path),
  'sim.pin': (params, path) => {
    const pinPath = childPath(path, 'pin');
    const value = requiredField(params, 'pin', path);
    if (value === null) return { ...readOptionalReader(params, path), pin: null };
    const pin = expectString(value, pinPath, { min: 4, max: 12 });
    if (!PIN_PATTERN.test(pin)) fail(pinPath, 'must be 4 to 12 digits, or null for Cancel');
    return { ...readOptionalReader(params, path), pin };
  },
  'vhc.submitQr': (params, path) => {
    const qrPath = childPath(path, 'qr');
    // Messages name the field and the rule only: the QR code is personal data.
    const qr = expectString(requiredField(params, 'qr', path), qrPath, {
      min: 1,
      max: MAX_QR_LENGTH,
    });
    // A scanner that "types" the code ends it with Enter; control characters are never part of it.
    if (hasControlCharacter(qr) || qr.trim() === '') {
      fail(qrPath, 'must be the QR code text, without control characters');
    }
    return { ...readOptionalReader(params, path), qr };
  },
  'access.list': noParams,
  'access.approve': readApproveParams,
  'access.deny': readOriginOnly,
};

/**
 * The params of a request for `op`, validated and copied. A missing `params` counts as `{}`,
 * so ops without required params may leave it out.
 */
export function readParams<O extends Op>(op: O, value: unknown, path: string): OpParams[O] {
  const params = value === undefined ? {} : expectRecord(value, path);
  const parser: ParamsParser<O> = PARAMS_PARSERS[op];
  return parser(params, path);
}
