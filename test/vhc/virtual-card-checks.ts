// Shared by the virtual-card tests of both routes, the SDK (vhc driver) and the CS 6.0 console
// (cs6 driver): the VHC catalog's refusals, and checks that an error is exactly one of them,
// at the driver and at a client of the broker, never quoting the QR code.
import type { CardDriver, CardStatus, DriverError } from '@nhicard/native';
import {
  describeNativeError,
  type KnownNativeErrorEntry,
  type NativeErrorSource,
  nativeErrorEntries,
} from '@nhicard/protocol';
import { expect } from 'vitest';

/** Every refusal of the two VHC tables (connected and offline). */
export const VHC_ERRORS = nativeErrorEntries().filter(
  (entry) =>
    (entry.source === 'vhc' || entry.source === 'vhc-offline') && entry.category !== 'success',
);

/** Checks that {@link VHC_ERRORS} holds both tables whole: 57 connected and 18 offline codes. */
export function expectBothVhcTables(): void {
  expect(VHC_ERRORS.filter((entry) => entry.source === 'vhc').length).toBe(57);
  expect(VHC_ERRORS.filter((entry) => entry.source === 'vhc-offline').length).toBe(18);
}

/** The error `work` rejects with, checked to be an instance of `type`. */
export async function rejectionOf<T extends Error>(
  work: Promise<unknown>,
  type: abstract new (...args: never[]) => T,
): Promise<T> {
  const error = await work.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(type);
  return error as T;
}

/** The next status `driver` pushes for `readerId`. */
export function nextStatusOf(
  driver: Required<Pick<CardDriver, 'watch'>>,
  readerId: string,
): Promise<CardStatus> {
  return new Promise((resolve) => {
    const stop = driver.watch((event) => {
      if (event.type !== 'status' || event.readerId !== readerId) return;
      stop();
      resolve(event.status);
    });
  });
}

/**
 * Checks that the driver's `error` is the catalog's entry for `code` in `source` and does not
 * quote `qr`; its message is exactly `refusal: <the catalog's English>`, or without `refusal`
 * holds the catalog's English.
 */
export function expectCatalogError(
  error: DriverError,
  source: NativeErrorSource,
  code: number,
  qr?: string,
  refusal?: string,
): void {
  const entry = describeNativeError(source, code);
  expect(entry.known).toBe(true);
  expect(error.code).toBe(entry.protocolCode);
  expect(error.native).toEqual({ source, code, message: entry.messageZh });
  expect(error.retryable).toBe(entry.retryable);
  if (refusal === undefined) expect(error.message).toContain(entry.messageEn);
  else expect(error.message).toBe(`${refusal}: ${entry.messageEn}`);
  if (qr !== undefined) expect(error.message).not.toContain(qr);
}

/** Checks that an error a client of the broker got is `entry`, hints included, after `refusal`. */
export function expectClientRefusal(
  error: Error,
  entry: KnownNativeErrorEntry,
  refusal: string,
  qr: string,
): void {
  expect(error).toMatchObject({
    code: entry.protocolCode,
    retryable: entry.retryable,
    native: { source: entry.source, code: entry.code, message: entry.messageZh },
    hint: entry.hintEn,
    hintZh: entry.hintZh,
    message: `${refusal}: ${entry.messageEn}`,
  });
  expect(error.message).not.toContain(qr);
}
