// The insertion both hosts of the csHIS driver (Linux, and Windows under Wine) must see from the
// stand-in's status sequence: hisGetCardStatus(2) going 0 → 1 → 2 is no card, then one
// insertion that is not ready (SAM authentication) and becomes ready.
import type { CardStatus } from '@nhicard/native';
import { expect } from 'vitest';
import type { CshisDriver } from '../../native/src/cshis/cshis-driver.js';
import type { StandInCard } from './stand-in-card.js';

/**
 * Checks that `reader` holds no card, inserts the card with statuses 1 then 2, and checks one
 * insertion going not-ready → ready; resolves with its not-ready status.
 */
export async function expectInsertionGoingReady(
  driver: CshisDriver,
  card: StandInCard,
  reader: string,
): Promise<CardStatus> {
  expect(await driver.status(reader)).toStrictEqual({
    presence: 'no-card',
    nativeCode: 0,
    insertionId: null,
  });
  await card.insert([1, 2]);
  const first = await driver.status(reader);
  expect(first).toMatchObject({ presence: 'not-ready', nativeCode: 1 });
  expect(await driver.status(reader)).toStrictEqual({
    presence: 'ready',
    nativeCode: 2,
    insertionId: first.insertionId,
  });
  return first;
}
