// The console's virtual-card reader end to end: the cs6 driver in a broker against the console
// stand-in, a Node client of the SDK. A scanned QR code (`client.submitQr`) inserts the card on
// cs6-vhc-0, the automatic read decodes the basic data to exactly the demo card's values, the
// card slot cs6-0 is not touched, every VHC catalog code the stand-in answers arrives at the
// client with the catalog's message, and the QR string is in no log line and no error.
import { type NhiCardClient, NhiCardError } from '@nhicard/client';
import { createCs6Driver, loadDemoCard, type VirtualCard } from '@nhicard/native';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../server/src/server.js';
import { ADULT_BASIC_CS6 } from '../server/card-data.test-helpers.js';
import { captureLog } from '../support/captured-log.js';
import { clientOf } from '../vhc/vhc-broker-stack.js';
import {
  expectBothVhcTables,
  expectClientRefusal,
  rejectionOf,
  VHC_ERRORS,
} from '../vhc/virtual-card-checks.js';
import { type Cs6StandIn, startCs6StandIn } from './cs6-console-stand-in.js';

const TOKEN = 'cs6-virtual-test-token-read-0123456789';
const VIRTUAL = 'cs6-vhc-0';

let console6: Cs6StandIn;
let server: RunningServer;
let client: NhiCardClient;
let adult: VirtualCard;
const log = captureLog('trace');
const qrCodes: string[] = [];
const events: string[] = [];

beforeAll(async () => {
  adult = await loadDemoCard('adult');
  console6 = await startCs6StandIn();
  server = await startServer({
    port: 0,
    driver: createCs6Driver({ url: console6.url }),
    broker: { pollIntervalMs: 20 },
    access: { tokens: { [TOKEN]: ['read'] } },
    logger: log.logger,
    demoPage: false,
  });
  client = clientOf(server, TOKEN);
  client.on('card.*', (event) => events.push(`${event.topic} ${event.reader}`));
  await client.listReaders();
});

afterAll(async () => {
  await client?.close();
  await server?.close('test finished');
  await console6?.stop();
});

function issue(): string {
  const qr = console6.virtualCards.issueQr(adult);
  qrCodes.push(qr);
  return qr;
}

/** The NhiCardError `work` rejects with. */
function refusal(work: Promise<unknown>): Promise<NhiCardError> {
  return rejectionOf(work, NhiCardError);
}

describe("the console's virtual card through the broker", () => {
  it('inserts the card a scanned QR code names and reads its basic data', async () => {
    const inserted = client.next('card.inserted');
    const read = client.next('card.read');
    expect(await client.submitQr(`${issue()}\r\n`)).toEqual({ reader: VIRTUAL });
    expect((await inserted).reader).toBe(VIRTUAL);
    const readEvent = await read;
    expect(readEvent.reader).toBe(VIRTUAL);
    const expected = ADULT_BASIC_CS6;
    expect(readEvent.data).toMatchObject({ sections: { basic: expected } });
    const asked = await client.readCard({ reader: VIRTUAL, sections: ['basic'] });
    expect(asked.sections.basic).toEqual(expected);
    expect((await client.status({ reader: 'cs6-0' })).card.presence).toBe('no-card');
    expect(events.filter((line) => line.endsWith(' cs6-0'))).toEqual([]);
  });

  it('answers a reused and an expired QR code with their zh-TW text, the card staying in', async () => {
    const reused = await refusal(client.submitQr(qrCodes[0] ?? ''));
    expect(reused).toMatchObject({
      code: 'NO_CARD',
      native: {
        source: 'vhc',
        code: 1020,
        message: '重複使用 QRCode，請就診民眾重新整理頁面產生新的 QRCode',
      },
    });
    const expiredQr = issue();
    console6.virtualCards.expireQr(expiredQr);
    const expired = await refusal(client.submitQr(expiredQr));
    expect(expired).toMatchObject({
      code: 'NO_CARD',
      native: { source: 'vhc', code: 1018, message: 'QRCode 過期，請重刷 QRCode' },
    });
    expect((await client.status({ reader: VIRTUAL })).card.presence).toBe('ready');
  });

  it('covers both VHC tables', expectBothVhcTables);

  it.each(VHC_ERRORS.map((entry) => [`${entry.source} ${entry.code}`, entry] as const))(
    '%s from the console arrives with the catalog message',
    async (_name, entry) => {
      console6.virtualCards.failNext(entry.code);
      const qr = issue();
      const error = await refusal(client.submitQr(qr, { reader: VIRTUAL }));
      expectClientRefusal(error, entry, 'The CS 6.0 console refused the virtual card', qr);
    },
  );

  it('inserted nothing on any refusal, and says which sections the virtual card lacks', async () => {
    expect(events.filter((line) => line.startsWith('card.inserted'))).toEqual([
      `card.inserted ${VIRTUAL}`,
    ]);
    const error = await refusal(client.readCard({ reader: VIRTUAL, sections: ['insurance'] }));
    expect(error).toMatchObject({
      code: 'UNSUPPORTED',
      message:
        'The vhc driver cannot read the insurance section: a virtual card offers nhicard only its basic data, and through the SDK its insurance data.',
      hintZh: '虛擬健保卡僅提供基本資料，其他資料請由 HIS 經健保署雲端 API 取得',
    });
  });

  it('never logs a QR code (responses are checked above)', () => {
    expect(qrCodes.length).toBe(VHC_ERRORS.length + 2);
    expect(log.lines.length).toBeGreaterThan(10);
    const logged = log.lines.join('\n');
    for (const qr of qrCodes) expect(logged).not.toContain(qr);
  });
});
