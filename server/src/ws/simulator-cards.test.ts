import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSimulatorDriver, loadDemoCard } from '@nhicard/native';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrokerError } from '../core/broker-error.js';
import { createSimulatorCards, isSimulatorDriver } from './simulator-cards.js';

const ADULT_FILE = new URL('../../../native/demo-cards/adult.json', import.meta.url);

describe('createSimulatorCards', () => {
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'nhicard-cards-'));
    await copyFile(ADULT_FILE, join(directory, 'my-card.json'));
    await writeFile(join(directory, 'broken.json'), '{"sections": {}}');
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('lists the demo cards in the shipped order, with kind and description', async () => {
    const cards = await createSimulatorCards();
    expect(cards.demoCards.map(({ name, kind }) => [name, kind])).toStrictEqual([
      ['adult', 'nhi'],
      ['hkscs-name', 'nhi'],
      ['english-name', 'nhi'],
      ['cancelled', 'nhi'],
      ['expired-critical-illness', 'nhi'],
      ['pin-set', 'nhi'],
      ['not-nhi', 'not-nhi'],
    ]);
    expect(cards.demoCards[0]?.description).toBe((await loadDemoCard('adult')).description);
  });

  it('loads a demo card by id, with or without .json', async () => {
    const cards = await createSimulatorCards();
    const adult = await loadDemoCard('adult');
    expect((await cards.load('adult')).sections).toStrictEqual(adult.sections);
    expect((await cards.load('adult.json')).sections).toStrictEqual(adult.sections);
  });

  it('loads a card file from the card folder, and explains a broken one', async () => {
    const cards = await createSimulatorCards({ cardDirectory: directory });
    const mine = await cards.load('my-card.json');
    expect(mine.sections).toStrictEqual((await loadDemoCard('adult')).sections);
    await expect(cards.load('broken.json')).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: `Card file broken.json cannot be used: ${join(directory, 'broken.json')}: sections.basic: missing: an NHI card always has basic data`,
    });
  });

  it('refuses a name that is both a demo card and a card file, instead of shadowing the file', async () => {
    const shadowing = await mkdtemp(join(tmpdir(), 'nhicard-shadow-'));
    await copyFile(ADULT_FILE, join(shadowing, 'adult.json'));
    const cards = await createSimulatorCards({ cardDirectory: shadowing });
    for (const name of ['adult', 'adult.json']) {
      await expect(cards.load(name)).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: `${name} is ambiguous: it is a demo card and the card file ${join(shadowing, 'adult.json')}. Rename the file.`,
      });
    }
    // A card file is found without its .json too.
    const mine = await (await createSimulatorCards({ cardDirectory: directory })).load('my-card');
    expect(mine.sections).toStrictEqual((await loadDemoCard('adult')).sections);
    await rm(shadowing, { recursive: true, force: true });
  });

  it('refuses an unknown name with BAD_REQUEST listing the demo cards', async () => {
    const cards = await createSimulatorCards();
    const error = await cards.load('my-card.json').catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(BrokerError);
    expect(error).toMatchObject({
      code: 'BAD_REQUEST',
      message:
        'No card named my-card.json (demo cards: adult, hkscs-name, english-name, cancelled, expired-critical-illness, pin-set, not-nhi).',
    });
  });
});

describe('isSimulatorDriver', () => {
  it('recognises the simulator by kind and control API', () => {
    const sim = createSimulatorDriver();
    expect(isSimulatorDriver(sim)).toBe(true);
    expect(isSimulatorDriver({ ...sim, kind: 'pcsc' })).toBe(false);
    const { insert: _insert, ...withoutControl } = sim;
    expect(isSimulatorDriver(withoutControl as typeof sim)).toBe(false);
  });
});
