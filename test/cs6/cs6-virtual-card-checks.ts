// Shared by the cs6 virtual-card driver tests: the reader's id, waiting for its pushed status,
// and checks that an error is exactly a VHC catalog entry and that the reader stayed empty.
import { type CardStatus, type Cs6Driver, createCs6Driver, DriverError } from '@nhicard/native';
import type { NativeErrorSource } from '@nhicard/protocol';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import {
  expectCatalogError as expectVhcCatalogError,
  nextStatusOf,
  rejectionOf,
} from '../vhc/virtual-card-checks.js';
import { type Cs6StandIn, startCs6StandIn } from './cs6-console-stand-in.js';

/**
 * The console stand-in for the test file, and a fresh driver for each test with the console
 * online, registered, its cloud up and its clock in sync.
 */
export function useVirtualCardConsole(): {
  readonly console6: Cs6StandIn;
  readonly driver: Cs6Driver;
} {
  const state = {} as { console6: Cs6StandIn; driver: Cs6Driver };
  beforeAll(async () => {
    state.console6 = await startCs6StandIn();
  });
  afterAll(async () => {
    await state.console6?.stop();
  });
  beforeEach(() => {
    state.driver = createCs6Driver({ url: state.console6.url });
    const cards = state.console6.virtualCards;
    cards.setMode('online');
    cards.setRegistration('ok');
    cards.setCloudUp(true);
    cards.setClockInSync(true);
  });
  afterEach(async () => {
    await state.driver.close();
  });
  return state;
}

/** The console's virtual-card reader. */
export const VIRTUAL = 'cs6-vhc-0';

/** The next status `driver` pushes for the virtual-card reader. */
export function nextStatus(driver: Cs6Driver): Promise<CardStatus> {
  return nextStatusOf(driver, VIRTUAL);
}

/** The DriverError `work` rejects with. */
export function failure(work: Promise<unknown>): Promise<DriverError> {
  return rejectionOf(work, DriverError);
}

/** Checks that `error` is the catalog's entry for `code` in `source`, as the console refuses, and hides `qr`. */
export function expectCatalogError(
  error: DriverError,
  source: NativeErrorSource,
  code: number,
  qr: string,
): void {
  expectVhcCatalogError(error, source, code, qr, 'The CS 6.0 console refused the virtual card');
}

/** Checks that the virtual-card reader holds no card. */
export async function expectEmpty(driver: Cs6Driver): Promise<void> {
  expect(await driver.status(VIRTUAL)).toEqual({
    presence: 'no-card',
    nativeCode: null,
    insertionId: null,
  });
}
