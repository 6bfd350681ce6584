// A simulated physical reader and the virtual NHI card side by side in one broker: each is its
// own reader in readers.list, events carry their own reader id in seq order, a QR code
// submitted by a read-scope client inserts the virtual card and the automatic read decodes it,
// and the QR string reaches no log, no presence connection and no response.
import type { ServerMessage } from '@nhicard/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoCard, type VirtualCard } from '../../native/src/index.js';
import { TestClient } from '../server/test-client.js';
import { captureLog } from '../support/captured-log.js';
import { startVhcBroker, VHC_TOKENS, type VhcBroker } from './vhc-broker-stack.js';
import { startVhcStandIn, type VhcStandIn } from './vhc-sdk-stand-in.js';

type EventMessage = Extract<ServerMessage, { type: 'event' }>;

let sdk: VhcStandIn;
let broker: VhcBroker;
let admin: TestClient;
let presence: TestClient;
let adult: VirtualCard;
const log = captureLog('trace');
const qrCodes: string[] = [];

beforeAll(async () => {
  adult = await loadDemoCard('adult');
  sdk = await startVhcStandIn();
  broker = await startVhcBroker({ sdk, logger: log.logger });
  admin = await TestClient.connect(broker.server.url, { token: VHC_TOKENS.admin });
  presence = await TestClient.connect(broker.server.url, { token: VHC_TOKENS.presence });
  for (const client of [admin, presence]) {
    const subscribed = await client.request('subscribe', { topics: ['*'] });
    expect(subscribed).toMatchObject({ ok: true });
  }
});

afterAll(async () => {
  await admin?.close();
  await presence?.close();
  await broker?.server.close('test finished');
  await sdk?.close();
});

/** Waits for `topic` about `reader` in `client`'s messages. */
function eventFor(client: TestClient, topic: string, reader: string): Promise<EventMessage> {
  return client.waitFor(
    (message): message is EventMessage =>
      message.type === 'event' &&
      message.topic === topic &&
      message.reader === reader &&
      // A read is over with the card.read that has nothing `pending`.
      !(topic === 'card.read' && 'pending' in message.data),
    `${topic} for ${reader}`,
  );
}

function readerEvents(client: TestClient, reader: string): string[] {
  return client
    .events()
    .filter((event) => event.reader === reader)
    .map((event) => event.topic);
}

describe('a simulated reader and the virtual card in one broker', () => {
  it('lists both readers, each with its own driver', async () => {
    const listed = await admin.request('readers.list', {});
    expect(listed).toMatchObject({
      ok: true,
      result: {
        readers: [
          { id: 'sim-0', name: 'Simulated reader 0', driver: 'simulator' },
          { id: 'vhc-0', name: 'Virtual NHI card (虛擬健保卡)', driver: 'vhc' },
        ],
      },
    });
  });

  it('serves an inserted card and a scanned QR code side by side, each under its reader id', async () => {
    const inserted = await admin.request('sim.insert', { reader: 'sim-0', card: 'hkscs-name' });
    expect(inserted).toMatchObject({ ok: true, result: { reader: 'sim-0' } });
    const simRead = await eventFor(admin, 'card.read', 'sim-0');
    const qr = sdk.issueQr(adult);
    qrCodes.push(qr);
    const submitted = await admin.request('vhc.submitQr', { qr });
    expect(submitted).toMatchObject({ ok: true, result: { reader: 'vhc-0' } });
    const vhcRead = await eventFor(admin, 'card.read', 'vhc-0');
    const vhcBasic = (vhcRead.data as unknown as { sections: { basic: Record<string, unknown> } })
      .sections.basic;
    expect([vhcBasic.name, vhcBasic.idNumber, vhcBasic.birthDate, vhcBasic.cardNumber]).toEqual([
      '林志明',
      'F123456784',
      '1985-03-14',
      '000031415926',
    ]);
    expect((simRead.data as { holder: unknown }).holder).not.toEqual(
      (vhcRead.data as { holder: unknown }).holder,
    );
    for (const reader of ['sim-0', 'vhc-0']) {
      // The readers attached before this client subscribed.
      expect(readerEvents(admin, reader)).toEqual([
        'card.inserted',
        'card.reading',
        'card.read',
        'card.reading',
        'card.read',
      ]);
    }
    const seqs = admin.events().map((event) => event.seq);
    expect(seqs).toEqual(seqs.map((_seq, index) => (seqs[0] ?? 0) + index));
  });

  it('gives a presence connection the virtual insertion, masked, and refuses it submitQr', async () => {
    const inserted = await eventFor(presence, 'card.inserted', 'vhc-0');
    const read = await eventFor(presence, 'card.read', 'vhc-0');
    const { insertion } = inserted.data as { insertion?: string };
    expect(insertion).toMatch(/^\S+$/);
    // The opaque insertion id is no card data: a presence connection sees it too.
    expect(read.data).toEqual({ holder: { maskedName: '林○明' }, insertion });
    const refused = await presence.request('vhc.submitQr', { qr: 'VHCQR1.anything' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('answers a reused QR code with 1020 and its zh-TW text, leaving the virtual card in', async () => {
    const reused = await admin.request('vhc.submitQr', { reader: 'vhc-0', qr: qrCodes[0] ?? '' });
    expect(reused).toMatchObject({
      ok: false,
      error: {
        code: 'NO_CARD',
        native: {
          source: 'vhc',
          code: 1020,
          message: '重複使用 QRCode，請就診民眾重新整理頁面產生新的 QRCode',
        },
        hintZh: '請就診民眾重新產生 QRCode 後再掃描',
      },
    });
    const status = await admin.request('card.status', { reader: 'vhc-0' });
    expect(status).toMatchObject({ ok: true, result: { card: { presence: 'ready' } } });
  });

  it('refuses a QR code on the physical reader and says which sections the virtual card lacks', async () => {
    const onSim = await admin.request('vhc.submitQr', { reader: 'sim-0', qr: 'VHCQR1.x' });
    expect(onSim).toMatchObject({
      ok: false,
      error: {
        code: 'UNSUPPORTED',
        message:
          'Reader sim-0 (simulator) takes no QR code; a virtual-card reader (driver vhc) does.',
      },
    });
    const treatments = await admin.request('card.read', {
      reader: 'vhc-0',
      sections: ['treatments'],
    });
    expect(treatments).toMatchObject({
      ok: false,
      error: {
        code: 'UNSUPPORTED',
        message:
          'The vhc driver cannot read the treatments section: a virtual card offers nhicard only its basic data, and through the SDK its insurance data.',
        hintZh: '虛擬健保卡僅提供基本資料，其他資料請由 HIS 經健保署雲端 API 取得',
      },
    });
    const badQr = await admin.request('vhc.submitQr', { qr: 'line\r\n' });
    expect(badQr).toMatchObject({
      ok: false,
      error: {
        code: 'BAD_REQUEST',
        message: 'params.qr: must be the QR code text, without control characters',
      },
    });
  });

  it('removes the virtual card when its token lapses, and the physical card stays', async () => {
    sdk.expirePresentedToken();
    const fresh = await admin.request('card.read', {
      reader: 'vhc-0',
      sections: ['basic'],
      fresh: true,
    });
    expect(fresh).toMatchObject({ ok: false, error: { code: 'CARD_REMOVED' } });
    await eventFor(admin, 'card.removed', 'vhc-0');
    const sim = await admin.request('card.status', { reader: 'sim-0' });
    expect(sim).toMatchObject({ ok: true, result: { card: { presence: 'ready' } } });
  });

  it('never logs the QR code nor sends it to any connection', () => {
    expect(qrCodes.length).toBe(1);
    const qr = qrCodes[0] ?? '';
    expect(log.lines.length).toBeGreaterThan(10);
    expect(log.lines.join('\n')).not.toContain(qr);
    for (const client of [admin, presence]) {
      const received = client.frames.map((frame) =>
        typeof frame.raw === 'string' ? frame.raw : Buffer.from(frame.raw).toString('utf8'),
      );
      expect(received.join('\n')).not.toContain(qr);
    }
  });
});
