import type { SimulatorDriver, VirtualCard } from '@nhicard/native';
import type { Topic } from '@nhicard/protocol';
import type { Broker, BrokerEvent } from '../../../server/src/core/broker.js';

const EVENT_WAIT_MS = 10_000;

/**
 * Drives insert/remove cycles on one simulated reader, paced by the broker's own event stream
 * (not by any client, so a slow or hostile client cannot slow the cycles down): insert, wait
 * for the insertion's automatic read to be published, remove, wait for `card.removed`.
 */
export class CardCycler {
  /** Completed cycles. */
  cycles = 0;

  constructor(
    private readonly broker: Broker,
    private readonly sim: SimulatorDriver,
    private readonly card: VirtualCard,
    private readonly readerId = 'sim-0',
  ) {}

  /** One insertion and removal; resolves once `card.removed` was published. */
  async cycle(): Promise<void> {
    const read = this.published('card.read');
    this.sim.insert(this.readerId, this.card);
    await read;
    const removed = this.published('card.removed');
    this.sim.remove(this.readerId);
    await removed;
    this.cycles += 1;
  }

  /** Runs `count` cycles one after the other. */
  async run(count: number): Promise<void> {
    for (let done = 0; done < count; done += 1) await this.cycle();
  }

  /** Runs cycles until `stop` returns true (checked before each cycle). */
  async runUntil(stop: () => boolean): Promise<void> {
    while (!stop()) await this.cycle();
  }

  private published(topic: Topic): Promise<BrokerEvent> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        subscription.unsubscribe();
        reject(new Error(`the broker published no ${topic} within ${EVENT_WAIT_MS} ms`));
      }, EVENT_WAIT_MS);
      const subscription = this.broker.events$.subscribe((event) => {
        if (event.topic !== topic || event.reader !== this.readerId) return;
        // The automatic read's partial results (basic decoded, `pending` still to come).
        if ('pending' in (event.data as object)) return;
        clearTimeout(timer);
        subscription.unsubscribe();
        resolve(event);
      });
    });
  }
}
