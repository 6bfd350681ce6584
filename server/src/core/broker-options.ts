import type { CardDriver } from '@nhicard/native';
import type { SectionId } from '@nhicard/protocol';

/** How the broker watches and reads the card readers. */
export interface BrokerOptions {
  /** The card source. */
  driver: CardDriver;
  /**
   * How often each reader's status is polled.
   * @default 250
   */
  pollIntervalMs?: number;
  /**
   * How often the reader list is refreshed (readers plugged in or out), for drivers without
   * reader events.
   * @default 2000
   */
  readerScanIntervalMs?: number;
  /**
   * How long a card may stay `not-ready` after insertion (SAM authentication) before the
   * broker publishes a `card.error` with code `TIMEOUT`.
   * @default 5000
   */
  settleTimeoutMs?: number;
  /**
   * The sections read once per insertion and published in `card.read`; those the driver
   * cannot read are left out.
   * @default ['basic', 'insurance']
   */
  autoReadSections?: readonly SectionId[];
  /**
   * Time a status poll may take before it counts as failed.
   * @default 3000
   */
  statusTimeoutMs?: number;
  /**
   * Time one section read may take on the device before it is abandoned with `TIMEOUT`.
   * @default 10000
   */
  readTimeoutMs?: number;
  /**
   * Time for sections that may make the holder type a PIN on the reader.
   * @default 60000
   */
  pinReadTimeoutMs?: number;
  /**
   * The clock for event times.
   * @default () => new Date()
   */
  now?: () => Date;
}

/** `BrokerOptions` with every default filled in. */
export type ResolvedBrokerOptions = Required<BrokerOptions>;

/** Fills in the defaults of `BrokerOptions`. */
export function resolveBrokerOptions(options: BrokerOptions): ResolvedBrokerOptions {
  return {
    pollIntervalMs: 250,
    readerScanIntervalMs: 2000,
    settleTimeoutMs: 5000,
    autoReadSections: ['basic', 'insurance'],
    statusTimeoutMs: 3000,
    readTimeoutMs: 10_000,
    pinReadTimeoutMs: 60_000,
    now: () => new Date(),
    ...stripUndefined(options),
  };
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
