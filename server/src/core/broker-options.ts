import type { CardDriver } from '@nhicard/native';
import { DEFAULT_DEADLINES, type DeadlineTable, type SectionId } from '@nhicard/protocol';

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
   * The sections read once per insertion and published in `card.read`; those the driver
   * cannot read are left out.
   * @default ['basic', 'insurance']
   */
  autoReadSections?: readonly SectionId[];
  /**
   * The deadline table every request's deadline comes from (status polls, the settling of a
   * card, section reads with the PIN wait, other requests); fields left out keep their
   * default. It is announced to clients in `hello`.
   * @default DEFAULT_DEADLINES
   */
  deadlines?: Partial<DeadlineTable>;
  /**
   * The clock for event times.
   * @default () => new Date()
   */
  now?: () => Date;
}

/** `BrokerOptions` with every default filled in. */
export type ResolvedBrokerOptions = Required<Omit<BrokerOptions, 'deadlines'>> & {
  deadlines: Readonly<DeadlineTable>;
};

/**
 * Fills in the defaults of `BrokerOptions`.
 * @throws RangeError naming a deadline that is not a number > 0.
 */
export function resolveBrokerOptions(options: BrokerOptions): ResolvedBrokerOptions {
  const deadlines = { ...DEFAULT_DEADLINES, ...stripUndefined(options.deadlines ?? {}) };
  for (const [key, value] of Object.entries(deadlines)) {
    if (!Number.isFinite(value) || value <= 0) {
      throw new RangeError(`deadlines.${key}: ${value} must be a number > 0`);
    }
  }
  return {
    pollIntervalMs: 250,
    readerScanIntervalMs: 2000,
    autoReadSections: ['basic', 'insurance'],
    now: () => new Date(),
    ...stripUndefined(options),
    deadlines: Object.freeze(deadlines),
  };
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
