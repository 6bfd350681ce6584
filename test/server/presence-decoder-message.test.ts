// A card whose name holds a byte pair Big5 does not map: a presence client (a kiosk) is told
// that the card could not be read in the catalog's words, never the decoder's own message,
// which quotes the raw Big5 code of the name's character. A read client still gets the detail.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ERROR_CODES } from '@nhicard/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from './test-client.js';
import { KIOSK_ORIGIN, startTestServer, type TestServer, TOKENS } from './test-server.js';

const ascii = (text: string): string => Buffer.from(text, 'latin1').toString('hex');
// hisGetBasicData's 72 bytes of a fictional card; the name starts with 0x81 0x40.
const BASIC_HEX = [
  ascii('000012345678'),
  `8140${'20'.repeat(18)}`,
  ascii('A1234567890740314M11001010'),
  '20'.repeat(14),
].join('');

describe('a decoder message never reaches presence', () => {
  let test: TestServer;

  beforeAll(async () => {
    const cardDirectory = await mkdtemp(join(tmpdir(), 'nhicard-big5-'));
    await writeFile(
      join(cardDirectory, 'unmapped-name.json'),
      JSON.stringify({
        description: 'fictional, unmapped Big5',
        rawSections: { basic: BASIC_HEX },
      }),
    );
    test = await startTestServer({ simulatorCardDirectory: cardDirectory });
  });

  afterAll(async () => {
    await test.close();
  });

  it('words a card that cannot be decoded from the catalog for a kiosk, not 0x8140', async () => {
    const kiosk = await TestClient.connect(test.server.url, { origin: KIOSK_ORIGIN });
    const reader = await TestClient.connect(test.server.url, { token: TOKENS.read });
    const admin = await TestClient.connect(test.server.url, { token: TOKENS.admin });
    for (const client of [kiosk, reader, admin]) {
      await client.hello();
      await client.request('subscribe', { topics: ['*'] });
    }
    expect(await admin.request('sim.insert', { card: 'unmapped-name.json' })).toMatchObject({
      ok: true,
    });
    // The read client sees the decoder's detail: the fault did happen.
    const detailed = await reader.waitUntil(
      () => reader.frames.find((frame) => String(frame.raw).includes('0x8140')),
      'the decoder message on the read connection',
    );
    const event = detailed.message?.type === 'event' ? detailed.message : undefined;
    expect(event?.topic).toBe('card.error');
    // The kiosk gets the same event, worded by the catalog.
    const shown = await kiosk.waitUntil(
      () => kiosk.events(event?.topic).find((message) => message.seq === event?.seq),
      'the same event on the kiosk',
    );
    expect(shown.data).toMatchObject({
      error: { code: 'CARD_ERROR', message: ERROR_CODES.CARD_ERROR.when },
    });
    // Nor does the reader's state in a snapshot carry it.
    expect((await kiosk.request('snapshot', {})).ok).toBe(true);
    for (const frame of kiosk.frames) expect(String(frame.raw)).not.toMatch(/8140|Big5/);
    for (const client of [kiosk, reader, admin]) await client.close();
  });
});
