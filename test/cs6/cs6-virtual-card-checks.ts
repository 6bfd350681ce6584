// Shared by the cs6 virtual-card driver tests: the reader's id, waiting for its pushed status,
// and checks that an error is exactly a VHC catalog entry and that the reader stayed empty.
import { type CardStatus, type Cs6Driver, createCs6Driver, DriverError } from '@nhicard/native';
import { describeNativeError, type NativeErrorSource } from '@nhicard/protocol';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
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
  return new Promise((resolve) => {
    const stop = driver.watch((event) => {
      if (event.type !== 'status' || event.readerId !== VIRTUAL) return;
      stop();
      resolve(event.status);
    });
  });
}

/** The DriverError `work` rejects with. */
export async function failure(work: Promise<unknown>): Promise<DriverError> {
  const error = await work.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(DriverError);
  return error as DriverError;
}

/** Checks that `error` is the catalog's entry for `code` in `source`, and hides `qr`. */
export function expectCatalogError(
  error: DriverError,
  source: NativeErrorSource,
  code: number,
  qr: string,
): void {
  const entry = describeNativeError(source, code);
  expect(entry.known).toBe(true);
  expect(error.code).toBe(entry.protocolCode);
  expect(error.native).toEqual({ source, code, message: entry.messageZh });
  expect(error.retryable).toBe(entry.retryable);
  expect(error.message).toBe(`The CS 6.0 console refused the virtual card: ${entry.messageEn}`);
  expect(error.message).not.toContain(qr);
}

/** Checks that the virtual-card reader holds no card. */
export async function expectEmpty(driver: Cs6Driver): Promise<void> {
  expect(await driver.status(VIRTUAL)).toEqual({
    presence: 'no-card',
    nativeCode: null,
    insertionId: null,
  });
}
