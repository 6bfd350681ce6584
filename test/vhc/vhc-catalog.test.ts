// Every code of the two VHC tables (connected and offline) that the SDK stand-in can answer
// reaches a client of the SDK with the catalog's protocol code, retryable flag, zh-TW message
// and hints, through the driver, the broker and the wire; and none of them inserts a card.
// The behaviour behind the codes (expiry, reuse, offline mode, …) is tested in
// vhc-driver.test.ts; here the stand-in answers each code on request.
import type { NhiCardClient } from '@nhicard/client';
import { NhiCardError } from '@nhicard/client';
import { loadDemoCard } from '@nhicard/native';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientOf, startVhcBroker, VHC_TOKENS, type VhcBroker } from './vhc-broker-stack.js';
import { startVhcStandIn, type VhcStandIn } from './vhc-sdk-stand-in.js';
import {
  expectBothVhcTables,
  expectClientRefusal,
  rejectionOf,
  VHC_ERRORS,
} from './virtual-card-checks.js';

let sdk: VhcStandIn;
let broker: VhcBroker;
let client: NhiCardClient;
let qr: string;

beforeAll(async () => {
  sdk = await startVhcStandIn();
  broker = await startVhcBroker({ sdk });
  client = clientOf(broker.server, VHC_TOKENS.read);
  qr = sdk.issueQr(await loadDemoCard('adult'));
  await client.listReaders();
});

afterAll(async () => {
  await client?.close();
  await broker?.server.close('test finished');
  await sdk?.close();
});

describe('the VHC error tables at the client', () => {
  it('covers both tables', expectBothVhcTables);

  it.each(VHC_ERRORS.map((entry) => [`${entry.source} ${entry.code}`, entry] as const))(
    '%s arrives with the catalog message',
    async (_name, entry) => {
      sdk.failNext('upload', entry.code);
      const error = await rejectionOf(client.submitQr(qr), NhiCardError);
      expectClientRefusal(error, entry, 'The virtual-card SDK refused the QR code', qr);
    },
  );

  it('left the virtual reader empty after every refusal', async () => {
    expect((await client.status({ reader: 'vhc-0' })).card.presence).toBe('no-card');
  });

  it("accepts the code as a scanner types it, the SDK trimming the scanner's Enter", async () => {
    const inserted = client.next('card.inserted');
    expect(await client.submitQr(`${qr}\r\n`)).toEqual({ reader: 'vhc-0' });
    expect((await inserted).reader).toBe('vhc-0');
  });
});
