// One example of every message of protocol 1, for the round-trip and parser tests. The
// people are fictional; section values have the shapes the decoders produce.
import type { BasicData } from '../card/sections/basic-data.js';
import type {
  ErrorResponseMessage,
  EventMessage,
  HelloMessage,
  RequestMessage,
} from './messages.js';
import type { Op, OpResult } from './ops.js';
import type { ReaderInfo, ReaderStatus } from './reader-types.js';
import type { Topic } from './topics.js';

const SIM_READER: ReaderInfo = {
  id: 'sim-0',
  name: 'Simulated reader 0',
  driver: 'simulator',
};
const PCSC_READER: ReaderInfo = {
  id: 'pcsc-1',
  name: 'Generic USB Smart Card Reader 00 00',
  driver: 'pcsc',
};

const T0 = '2025-03-14T01:02:03.456Z';

export const HELLO_EXAMPLE: HelloMessage = {
  type: 'hello',
  protocol: 1,
  server: { name: 'nhicard', version: '0.1.0' },
  driver: 'simulator',
  readers: [SIM_READER],
  scopes: ['presence', 'read'],
  seq: 41,
  deadlines: { statusMs: 3000, settleMs: 5000, readMs: 10000, pinEntryMs: 60000, requestMs: 30000 },
};

export const REQUEST_EXAMPLES: { [O in Op]: RequestMessage<O> } = {
  subscribe: {
    type: 'request',
    id: 1,
    op: 'subscribe',
    params: { topics: ['card.*', 'reader.attached'] },
  },
  unsubscribe: {
    type: 'request',
    id: 2,
    op: 'unsubscribe',
    params: { topics: ['reader.attached'] },
  },
  snapshot: { type: 'request', id: 3, op: 'snapshot', params: {} },
  'readers.list': { type: 'request', id: 4, op: 'readers.list', params: {} },
  'card.status': { type: 'request', id: 5, op: 'card.status', params: { reader: 'sim-0' } },
  'card.read': {
    type: 'request',
    id: 6,
    op: 'card.read',
    params: { reader: 'sim-0', sections: ['basic', 'organDonation'], fresh: true },
  },
  ping: { type: 'request', id: Number.MAX_SAFE_INTEGER, op: 'ping', params: {} },
  'sim.insert': { type: 'request', id: 0, op: 'sim.insert', params: { card: 'demo-adult.json' } },
  'sim.remove': { type: 'request', id: 9, op: 'sim.remove', params: { reader: 'sim-0' } },
  'sim.pin': { type: 'request', id: 11, op: 'sim.pin', params: { reader: 'sim-0', pin: '246810' } },
  'vhc.submitQr': {
    type: 'request',
    id: 10,
    op: 'vhc.submitQr',
    params: { reader: 'vhc-0', qr: 'VHC-DEMO-0001' },
  },
  'access.list': { type: 'request', id: 11, op: 'access.list', params: {} },
  'access.approve': {
    type: 'request',
    id: 12,
    op: 'access.approve',
    params: { origin: 'https://his.example.clinic', scopes: ['presence', 'read'] },
  },
  'access.deny': {
    type: 'request',
    id: 13,
    op: 'access.deny',
    params: { origin: 'http://[::1]:8080' },
  },
};

const READY_STATUS: ReaderStatus = {
  reader: SIM_READER,
  card: {
    presence: 'ready',
    since: T0,
    holder: { maskedName: '林○華' },
    insertion: '3f9a0c1e-1.4',
  },
};

// A fictional holder, in the exact shape the basic-data decoder produces.
const BASIC_SECTION: BasicData = {
  layout: 'cshis',
  cardNumber: '000000000001',
  name: '林測華',
  idNumber: 'A123456789',
  birthDate: '1980-01-02',
  birthDateRoc: '0690102',
  sex: 'male',
  sexRaw: 'M',
  issueDate: '2015-06-01',
  issueDateRoc: '1040601',
  cancelled: false,
  cancelFlagRaw: '0',
  emergencyPhone: '',
  warnings: [],
};

export const RESULT_EXAMPLES: { [O in Op]: OpResult[O] } = {
  subscribe: { topics: ['card.*', 'reader.attached'] },
  unsubscribe: { topics: ['card.*'] },
  snapshot: {
    seq: 41,
    readers: [
      READY_STATUS,
      {
        reader: PCSC_READER,
        card: {
          presence: 'reader-error',
          since: '2025-03-14T09:02:03+08:00',
          holder: null,
          error: { code: 'READER_ERROR', message: 'The PC/SC service stopped', retryable: true },
        },
      },
    ],
  },
  'readers.list': { readers: [SIM_READER, PCSC_READER] },
  'card.status': READY_STATUS,
  'card.read': {
    reader: 'sim-0',
    insertion: '3f9a0c1e-1.4',
    sections: { basic: BASIC_SECTION },
    errors: {
      organDonation: {
        code: 'SAM_ERROR',
        message: 'SAM 與 IDC 認證失敗',
        retryable: true,
        native: { source: 'cshis', code: 4032, message: 'SAM 與 IDC 認證失敗' },
        hint: 'Check the network connection to the NHI data centre',
      },
    },
  },
  ping: { time: T0 },
  'sim.insert': { reader: 'sim-0', card: 'demo-adult.json' },
  'sim.remove': { reader: 'sim-0' },
  'sim.pin': { reader: 'sim-0' },
  'vhc.submitQr': { reader: 'vhc-0' },
  'access.list': {
    origins: [
      { origin: 'http://localhost:5173', status: 'denied', scopes: [] },
      {
        origin: 'https://his.example.clinic',
        status: 'pending',
        scopes: ['presence', 'read'],
        since: T0,
      },
    ],
  },
  'access.approve': { origin: 'https://his.example.clinic', scopes: ['presence', 'read'] },
  'access.deny': { origin: 'http://[::1]:8080' },
};

/** The ok response to `REQUEST_EXAMPLES[op]`. */
export function okResponseExample<O extends Op>(
  op: O,
): {
  type: 'response';
  id: number;
  ok: true;
  result: OpResult[O];
} {
  return { type: 'response', id: REQUEST_EXAMPLES[op].id, ok: true, result: RESULT_EXAMPLES[op] };
}

export const ERROR_RESPONSE_EXAMPLES: ErrorResponseMessage[] = [
  {
    type: 'response',
    id: 6,
    ok: false,
    error: {
      code: 'NO_CARD',
      message: '未置入健保 IC 卡',
      retryable: true,
      native: { source: 'cshis', code: 4013, message: '未置入健保 IC 卡' },
      hint: 'Insert the NHI card',
    },
  },
  {
    type: 'response',
    id: null,
    ok: false,
    error: { code: 'BAD_REQUEST', message: 'id: must be an integer', retryable: false },
  },
];

export const EVENT_EXAMPLES: { [T in Topic]: EventMessage<T> } = {
  'reader.attached': {
    type: 'event',
    topic: 'reader.attached',
    seq: 1,
    time: T0,
    reader: 'pcsc-1',
    data: { reader: PCSC_READER },
  },
  'reader.detached': {
    type: 'event',
    topic: 'reader.detached',
    seq: 2,
    time: T0,
    reader: 'pcsc-1',
    data: { reader: PCSC_READER },
  },
  'card.inserted': {
    type: 'event',
    topic: 'card.inserted',
    seq: 3,
    time: T0,
    reader: 'sim-0',
    data: { presence: 'ready', insertion: '3f9a0c1e-1.4' },
  },
  'card.reading': {
    type: 'event',
    topic: 'card.reading',
    seq: 4,
    time: T0,
    reader: 'sim-0',
    data: { section: 'basic', index: 1, total: 2, insertion: '3f9a0c1e-1.4' },
  },
  'card.pin': {
    type: 'event',
    topic: 'card.pin',
    seq: 5,
    time: T0,
    reader: 'sim-0',
    data: { section: 'insurance', insertion: '3f9a0c1e-1.4' },
  },
  'card.read': {
    type: 'event',
    topic: 'card.read',
    seq: 6,
    time: T0,
    reader: 'sim-0',
    data: {
      holder: { maskedName: '林○華' },
      sections: { basic: BASIC_SECTION },
      insertion: '3f9a0c1e-1.4',
    },
  },
  'card.error': {
    type: 'event',
    topic: 'card.error',
    seq: 7,
    time: T0,
    reader: 'sim-0',
    data: {
      insertion: '3f9a0c1e-1.4',
      section: 'insurance',
      error: {
        code: 'CARD_REMOVED',
        message: 'The card was removed during the read',
        retryable: true,
      },
    },
  },
  'card.removed': {
    type: 'event',
    topic: 'card.removed',
    seq: 8,
    time: T0,
    reader: 'sim-0',
    data: { insertion: '3f9a0c1e-1.4' },
  },
  'server.shutdown': {
    type: 'event',
    topic: 'server.shutdown',
    seq: 9,
    time: T0,
    reader: null,
    data: { reason: 'stopped by the operator' },
  },
};
