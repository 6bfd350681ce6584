import { describe, expect, it } from 'vitest';
import { CODE_HINTS } from './support/code-hints.js';
import {
  CLEAN_INSERTION,
  endedByFault,
  eventsSince,
  expectRecovered,
  faultServerPerTest,
  topicsSince,
} from './support/fault-server.js';
import { until } from './support/until.js';

const start = faultServerPerTest();

describe('driver faults', () => {
  it('a status call that throws: the card is reported removed with INTERNAL, and comes back by itself', async () => {
    const { faults, client, insertAdult } = await start();
    const from = await insertAdult();
    faults.status = 'throw';
    await client.waitForEvent('card.error', from);
    expect(eventsSince(client, from)).toStrictEqual(
      endedByFault('INTERNAL', 'Internal error: status: driver bug'),
    );
    expect(await client.request('card.status', {})).toMatchObject({
      ok: true,
      result: { card: { presence: 'reader-error', error: { code: 'INTERNAL' } } },
    });
    faults.status = 'answer';
    await expectRecovered(client, from);
    expect(await client.request('card.read', { sections: ['basic'] })).toMatchObject({ ok: true });
  });

  it('a status call that hangs: TIMEOUT at statusMs, once, and the reader comes back by itself', async () => {
    const { faults, faulty, client, insertAdult } = await start();
    const from = await insertAdult();
    faults.status = 'hang';
    await client.waitForEvent('card.error', from);
    expect(eventsSince(client, from)).toStrictEqual(
      endedByFault('TIMEOUT', 'The status poll of sim-0 did not finish within 200 ms.'),
    );
    // Still hanging after several more timeouts (each timed-out poll leaves one hung call):
    // no repeated events. A round trip after them brings any event they published.
    const hungBefore = faulty.hungStatusCalls;
    await until(() => faulty.hungStatusCalls >= hungBefore + 3, 'three more hung status calls');
    await client.request('readers.list', {});
    expect(topicsSince(client, from)).toStrictEqual(['card.removed', 'card.error']);
    faults.status = 'answer';
    await expectRecovered(client, from);
  });

  it('a reader fault mid-session (csHIS 4000): removal and READER_ERROR, then the card again once it clears', async () => {
    const { sim, client, insertAdult } = await start();
    const from = await insertAdult();
    sim.setReaderFault('sim-0', 4000);
    await client.waitForEvent('card.error', from);
    expect(eventsSince(client, from)).toStrictEqual(
      endedByFault('READER_ERROR', 'The reader reported an error.'),
    );
    expect(await client.request('card.read', { sections: ['basic'] })).toMatchObject({
      ok: false,
      error: { code: 'READER_ERROR' },
    });
    sim.setReaderFault('sim-0', null);
    await expectRecovered(client, from);
    expect(await client.request('card.read', { sections: ['basic'] })).toMatchObject({ ok: true });
  });

  it('a reader unplugged mid-session and plugged back: detached with the card removed, then attached with the card again', async () => {
    const { faults, client, insertAdult } = await start();
    const from = await insertAdult();
    const reader = { id: 'sim-0', name: 'Simulated reader 0', driver: 'simulator' };
    faults.unplugged.add('sim-0');
    await client.waitForEvent('reader.detached', from);
    // The reader's poll may fail (NO_READER) before the next scan finds it gone: then the
    // slot reports that error before the reader is detached.
    const noReader = {
      topic: 'card.error',
      data: {
        error: {
          code: 'NO_READER',
          message: 'reader sim-0 is not connected',
          retryable: true,
          ...CODE_HINTS.NO_READER,
        },
      },
    };
    const unplugging = eventsSince(client, from);
    expect(unplugging.filter((event) => event.topic === 'card.error')).toStrictEqual(
      unplugging.length === 3 ? [noReader] : [],
    );
    expect(unplugging.filter((event) => event.topic !== 'card.error')).toStrictEqual([
      { topic: 'card.removed', data: { insertion: 'insertion-1' } },
      { topic: 'reader.detached', data: { reader } },
    ]);
    expect(await client.request('card.read', { sections: ['basic'] })).toMatchObject({
      ok: false,
      error: { code: 'NO_READER', message: 'No card reader is attached.' },
    });
    const plugging = client.messages.length;
    faults.unplugged.delete('sim-0');
    await client.waitForRead(plugging);
    expect(eventsSince(client, plugging)[0]).toStrictEqual({
      topic: 'reader.attached',
      data: { reader },
    });
    expect(topicsSince(client, plugging).slice(1)).toStrictEqual(CLEAN_INSERTION);
    expect(await client.request('card.read', { sections: ['basic'] })).toMatchObject({ ok: true });
  });

  it('a reader list that fails: the readers are kept, nothing is published, and the broker carries on', async () => {
    const { sim, faults, faulty, client, adult } = await start();
    const from = client.messages.length;
    faults.listReaders = 'reject';
    sim.insert('sim-0', adult);
    await client.waitForRead(from);
    // Several scans fail meanwhile; a round trip after them brings any event they published.
    const rejectedBefore = faulty.rejectedListings;
    await until(() => faulty.rejectedListings >= rejectedBefore + 3, 'three more failed scans');
    await client.request('card.status', {});
    expect(topicsSince(client, from)).toStrictEqual(CLEAN_INSERTION);
    expect(await client.request('readers.list', {})).toMatchObject({
      ok: true,
      result: { readers: [{ id: 'sim-0' }] },
    });
    faults.listReaders = 'answer';
    expect(await client.request('card.read', { sections: ['basic'] })).toMatchObject({ ok: true });
  });

  it('a read that throws: card.error for the automatic read and an error response, then reads work again', async () => {
    const { sim, faults, client, adult } = await start();
    faults.read = 'throw';
    const from = client.messages.length;
    sim.insert('sim-0', adult);
    await client.waitForRead(from);
    const internal = (section: string) => ({
      code: 'INTERNAL',
      message: `Internal error: read ${section}: driver bug`,
      retryable: true,
      ...CODE_HINTS.INTERNAL,
    });
    expect(eventsSince(client, from)).toStrictEqual([
      { topic: 'card.inserted', data: { presence: 'ready', insertion: 'insertion-1' } },
      {
        topic: 'card.reading',
        data: { section: 'basic', index: 1, total: 2, insertion: 'insertion-1' },
      },
      {
        topic: 'card.error',
        data: { error: internal('basic'), section: 'basic', insertion: 'insertion-1' },
      },
      {
        topic: 'card.reading',
        data: { section: 'insurance', index: 2, total: 2, insertion: 'insertion-1' },
      },
      {
        topic: 'card.error',
        data: { error: internal('insurance'), section: 'insurance', insertion: 'insertion-1' },
      },
      {
        topic: 'card.read',
        data: {
          holder: null,
          sections: {},
          errors: { basic: internal('basic'), insurance: internal('insurance') },
          insertion: 'insertion-1',
        },
      },
    ]);
    expect(await client.request('card.read', { sections: ['basic'] })).toMatchObject({
      ok: false,
      error: internal('basic'),
    });
    faults.read = 'answer';
    expect(await client.request('card.read', { sections: ['basic'] })).toMatchObject({
      ok: true,
      result: { sections: { basic: { idNumber: expect.any(String) } } },
    });
  });

  it('a read that hangs: TIMEOUT at its deadline (settleMs + readMs), and the reader moves on', async () => {
    const { sim, client, insertAdult } = await start();
    await insertAdult();
    sim.injectFailure('sim-0', { section: 'vaccinations', failure: { kind: 'hang' } });
    expect(await client.request('card.read', { sections: ['vaccinations'] })).toStrictEqual({
      type: 'response',
      id: expect.any(Number),
      ok: false,
      error: {
        code: 'TIMEOUT',
        message: 'The request did not finish within 600 ms.',
        retryable: true,
        ...CODE_HINTS.TIMEOUT,
      },
    });
    // The poll went on meanwhile (the card is still seen), and the same read now works.
    expect(await client.request('card.status', {})).toMatchObject({
      ok: true,
      result: { card: { presence: 'ready' } },
    });
    expect(await client.request('card.read', { sections: ['vaccinations'] })).toMatchObject({
      ok: true,
    });
  });
});
