import { DriverError, type DriverEvent } from '@nhicard/native';
import { decodeSection } from '@nhicard/protocol';
import { describe, expect, it } from 'vitest';
import { vpcdReaderName } from './card-host.js';
import { demoNhiCard } from './demo-card-behaviours.js';
import { pcscStackAvailable, usePcscDriver, usePcscStack } from './pcsc-test-stack.js';

const stack = usePcscStack();
const READERS = [vpcdReaderName(0), vpcdReaderName(1)];

const isDetached = (readerId: string) => (event: DriverEvent) =>
  event.type === 'reader-detached' && event.readerId === readerId;
const isAttached = (readerId: string) => (event: DriverEvent) =>
  event.type === 'reader-attached' && event.reader.id === readerId;

describe.runIf(pcscStackAvailable)('PC/SC driver recovery when pcscd goes away', () => {
  const pcsc = usePcscDriver(
    { settleDelayMs: 50, recoveryInitialDelayMs: 50, recoveryMaxDelayMs: 400 },
    async () => {
      await stack().startPcscd();
      await stack().removeCards();
    },
  );
  const { start } = pcsc;

  it('detaches the readers when pcscd is killed, attaches them when it is back, and sees the next card', async () => {
    const events = start();
    await stack().cards.insert(0, await demoNhiCard('adult'));
    const before = await events.waitForPresence(READERS[0] as string, 'ready');
    const cardGone = stack().cards.whenEnded(0);

    const mark = events.events.length;
    await stack().stopPcscd('SIGKILL', false);
    for (const reader of READERS) await events.waitFor(isDetached(reader), { from: mark });
    expect(await pcsc.driver?.listReaders()).toEqual([]);
    const noReader = await pcsc.driver
      ?.status(READERS[0] as string)
      .catch((error: unknown) => error);
    expect(noReader).toBeInstanceOf(DriverError);
    expect((noReader as DriverError).code).toBe('NO_READER');
    // vpcd died with pcscd: the emulated card's connection is gone.
    expect((await cardGone).reason).toBe('reader-closed');

    await stack().startPcscd();
    for (const reader of READERS) await events.waitFor(isAttached(reader), { from: mark });
    expect(await pcsc.driver?.listReaders()).toEqual(READERS.map((id) => ({ id, name: id })));

    await stack().cards.insert(0, await demoNhiCard('adult'));
    const after = await events.waitForPresence(READERS[0] as string, 'ready', { from: mark });
    expect(after.insertionId).not.toBe(before.insertionId);
    const bytes = (await pcsc.driver?.read(READERS[0] as string, 'basic')) ?? new Uint8Array();
    expect(decodeSection('basic', bytes).name).toBe('林志明');
  });

  it('starts without the service, then attaches the readers once pcscd starts', async () => {
    await stack().stopPcscd('SIGTERM', false);
    const events = start();
    expect(await pcsc.driver?.listReaders()).toEqual([]);
    await stack().startPcscd();
    for (const reader of READERS) await events.waitFor(isAttached(reader));
    expect(events.events.filter((event) => event.type === 'reader-detached')).toEqual([]);
    await stack().cards.insert(1, await demoNhiCard('adult'));
    await events.waitForPresence(READERS[1] as string, 'ready');
  });
});
