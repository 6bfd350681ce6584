import type { CardDriver, CardStatus, DriverEvent, ReaderDescriptor } from '@nhicard/native';
import type { ReaderInfo, Topic, TopicData } from '@nhicard/protocol';
import { filter, map, type Observable } from 'rxjs';
import { BrokerError } from './broker-error.js';
import type { ResolvedBrokerOptions } from './broker-options.js';
import { PollClock } from './poll-clock.js';
import { ReaderSlot } from './reader-slot.js';

/** What the slots need from their broker. */
export interface ReaderSlotsContext {
  driver: CardDriver;
  options: ResolvedBrokerOptions;
  /** The driver's pushed events (the broker's one `watch`). */
  driverEvents$: Observable<DriverEvent>;
  /** Publishes an event about a reader; the broker assigns `seq` and `time`. */
  publish: <T extends Topic>(topic: T, reader: string, data: TopicData[T]) => void;
  /** Makes insertion ids of this run differ from those of any other run. */
  runTag: string;
}

/**
 * The attached readers: one `ReaderSlot` per reader, all polled by the driver's one
 * `PollClock`, kept in line with the driver's reader list, and found by id for requests.
 */
export class ReaderSlots {
  private readonly slots = new Map<string, ReaderSlot>();
  /** The slot when exactly one reader is attached (see {@link find}). */
  private onlySlot: ReaderSlot | undefined;
  private readonly clock: PollClock;
  private created = 0;

  constructor(private readonly context: ReaderSlotsContext) {
    const { driver, options } = context;
    this.clock = new PollClock({
      driver,
      pollIntervalMs: options.pollIntervalMs,
      statusMs: options.deadlines.statusMs,
      settleMs: options.deadlines.settleMs,
    });
  }

  /** How many readers are attached. */
  get size(): number {
    return this.slots.size;
  }

  /** Every slot, in attach order. */
  all(): IterableIterator<ReaderSlot> {
    return this.slots.values();
  }

  /** The named slot, or the only one when `readerId` is left out; undefined otherwise. */
  find(readerId: string | undefined): ReaderSlot | undefined {
    if (readerId !== undefined) return this.slots.get(readerId);
    return this.onlySlot;
  }

  /**
   * Like `find`, but says why there is no slot.
   * @throws BrokerError `NO_READER` (none attached, unknown id), `BAD_REQUEST` (several, none named).
   */
  resolve(readerId: string | undefined): ReaderSlot {
    const found = this.find(readerId);
    if (found !== undefined) return found;
    if (readerId !== undefined) {
      throw new BrokerError('NO_READER', `No reader with id ${readerId}.`);
    }
    if (this.slots.size === 0) throw new BrokerError('NO_READER', 'No card reader is attached.');
    const ids = [...this.slots.keys()].join(', ');
    throw new BrokerError(
      'BAD_REQUEST',
      `${this.slots.size} readers are attached: name one in params.reader (${ids}).`,
    );
  }

  /** Detaches the readers that went away and attaches the new ones, with their events. */
  reconcile(descriptors: readonly ReaderDescriptor[]): void {
    const { driver, publish } = this.context;
    const present = new Set(descriptors.map((descriptor) => descriptor.id));
    for (const [id, slot] of this.slots) {
      if (present.has(id)) continue;
      slot.stop(new BrokerError('READER_ERROR', `Reader ${id} went away.`));
      this.slots.delete(id);
      publish('reader.detached', id, { reader: slot.info });
    }
    for (const descriptor of descriptors) {
      if (this.slots.has(descriptor.id)) continue;
      const info: ReaderInfo = {
        id: descriptor.id,
        name: descriptor.name,
        driver: descriptor.driver ?? driver.kind,
      };
      this.created += 1;
      const slot = new ReaderSlot(info, {
        driver,
        sections: descriptor.sections ?? driver.capabilities.sections,
        options: this.context.options,
        publish: (topic, data) => publish(topic, info.id, data),
        observations$: this.clock.watch(info.id, this.pushedStatusOf(info.id)),
        idPrefix: `${this.context.runTag}-${this.created}.`,
      });
      this.slots.set(info.id, slot);
      publish('reader.attached', info.id, { reader: info });
      slot.start();
    }
    // Kept rather than looked up: most requests name no reader, and an iterator per request
    // is garbage on the busiest path.
    this.onlySlot = this.slots.size === 1 ? this.slots.values().next().value : undefined;
  }

  /** Stops every slot (the broker is closing). */
  stopAll(reason: BrokerError): void {
    for (const slot of this.slots.values()) slot.stop(reason);
  }

  private pushedStatusOf(readerId: string): Observable<CardStatus> {
    return this.context.driverEvents$.pipe(
      filter(
        (event): event is Extract<DriverEvent, { type: 'status' }> =>
          event.type === 'status' && event.readerId === readerId,
      ),
      map((event) => event.status),
    );
  }
}
