// Shared by the cs6 virtual-card driver tests: the reader's id, waiting for its pushed status,
// and checks that an error is exactly a VHC catalog entry and that the reader stayed empty.
import { type CardStatus, type Cs6Driver, DriverError } from '@nhicard/native';
import { describeNativeError, type NativeErrorSource } from '@nhicard/protocol';
import { expect } from 'vitest';

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
