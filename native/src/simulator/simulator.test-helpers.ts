import { afterEach, beforeEach, expect, vi } from 'vitest';
import { DriverError } from '../driver-error.js';
import { type CardFile, parseCardFile } from './card-file.js';
import type { VirtualCard } from './virtual-card.js';

/** A small valid card (fictional holder 王小明, a common documentation example). */
export const SMALL_CARD_FILE = {
  description: 'test card',
  sections: {
    basic: {
      layout: 'cshis',
      cardNumber: '000012345678',
      name: '王小明',
      idNumber: 'A123456789',
      birthDate: '1990-05-17',
      sex: 'male',
      sexRaw: 'M',
      issueDate: '2020-01-02',
      cancelled: false,
      cancelFlagRaw: '0',
      emergencyPhone: '',
    },
  },
} satisfies CardFile;

/** A card from a card-file object (default: {@link SMALL_CARD_FILE}) with extra fields. */
export function testCard(extra: Partial<CardFile> = {}): VirtualCard {
  return parseCardFile({ ...SMALL_CARD_FILE, ...extra }, 'test-card.json');
}

/**
 * An AbortSignal that times out after `ms` on the global `setTimeout`, which vitest's fake
 * timers control (Node's own `AbortSignal.timeout` runs on timers they do not reach). Its
 * reason is a `TimeoutError`, as with `AbortSignal.timeout`.
 */
export function fakeTimeoutSignal(ms: number): AbortSignal {
  const controller = new AbortController();
  setTimeout(
    () => controller.abort(new DOMException('The operation timed out', 'TimeoutError')),
    ms,
  );
  return controller.signal;
}

/** What a rejected read must carry: protocol code and, when given, the native failure. */
export interface ExpectedDriverError {
  code: DriverError['code'];
  native?: { code: number; message: string } | undefined;
}

/** Awaits `promise`, expects it to reject with a matching `DriverError`, and returns it. */
export async function expectDriverError(
  promise: Promise<unknown>,
  expected: ExpectedDriverError,
): Promise<DriverError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(DriverError);
  const driverError = error as DriverError;
  expect(driverError.code).toBe(expected.code);
  if (expected.native === undefined) {
    expect(driverError.native).toBeUndefined();
  } else {
    expect(driverError.native).toStrictEqual({ source: 'simulator', ...expected.native });
  }
  return driverError;
}

/** Settles `promise` into an observable state without awaiting it, for fake-timer tests. */
export function track<T>(promise: Promise<T>): { state: 'pending' | 'resolved' | 'rejected' } {
  const tracker: { state: 'pending' | 'resolved' | 'rejected' } = { state: 'pending' };
  promise.then(
    () => {
      tracker.state = 'resolved';
    },
    () => {
      tracker.state = 'rejected';
    },
  );
  return tracker;
}

/**
 * Advances the fake clock by `ms`, expecting `promise` still pending 1 ms before the end (so it
 * settles no earlier than `ms`); returns its tracker to check how it settled.
 */
export async function pendingFor(
  promise: Promise<unknown>,
  ms: number,
): Promise<{ state: 'pending' | 'resolved' | 'rejected' }> {
  const tracker = track(promise);
  await vi.advanceTimersByTimeAsync(ms - 1);
  expect(tracker.state).toBe('pending');
  await vi.advanceTimersByTimeAsync(1);
  return tracker;
}

/** Fake timers for each test of the enclosing `describe`, real ones again after it. */
export function useFakeTimersPerTest(): void {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}
