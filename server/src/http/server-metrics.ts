import {
  CARD_PRESENCE,
  type CardPresence,
  type ErrorCode,
  type Op,
  type SectionId,
  type Topic,
} from '@nhicard/protocol';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Why an upgrade was refused, as counted: the HTTP status sent. */
export type RefusalStatus = 400 | 401 | 403 | 404 | 421 | 429 | 503;

/**
 * The broker's Prometheus metrics, in a registry of its own (so several servers in one process,
 * as in tests, never share or clash). Labels carry op names, topics, section ids, error codes
 * and presence values only: never a reader's card data.
 */
export class ServerMetrics {
  /** The registry `/metrics` renders. */
  readonly registry = new Registry();
  private readonly connectionsOpen: Gauge<'subprotocol'>;
  private readonly connectionsTotal: Counter<'subprotocol'>;
  private readonly upgradesRefused: Counter<'status'>;
  private readonly eventsTotal: Counter<'topic'>;
  private readonly requestsTotal: Counter<'op' | 'outcome'>;
  private readonly cardReadsTotal: Counter<'section' | 'outcome'>;
  private readonly cardReadSeconds: Histogram<'section'>;
  private readonly errorsTotal: Counter<'code'>;
  // Requests answered since the counters were last read, by op and outcome: a plain number per
  // request, added to the Prometheus counters when they are read. prom-client hashes and
  // validates the label object on every `inc`, even through `labels(…)`: 140 ns a request in a
  // hot loop, against 10 ns for this.
  private readonly unread = new Map<string, { op: string; outcome: string; count: number }>();

  /**
   * @param readerPresences what is in each attached reader's slot now, read at every scrape
   *   (a function, because the metrics exist before the broker they describe).
   */
  constructor(readerPresences: () => readonly CardPresence[]) {
    const registers = [this.registry];
    const addUnread = () => this.addUnreadRequests();
    const counter = <L extends string>(name: string, help: string, labelNames: L[]) =>
      new Counter<L>({ name, help, labelNames, registers, collect: addUnread });
    this.connectionsOpen = new Gauge({
      name: 'nhicard_connections',
      help: 'Open WebSocket connections.',
      labelNames: ['subprotocol'],
      registers,
    });
    this.connectionsTotal = counter(
      'nhicard_connections_total',
      'WebSocket connections accepted since start.',
      ['subprotocol'],
    );
    this.upgradesRefused = counter(
      'nhicard_upgrades_refused_total',
      'WebSocket upgrades refused, by HTTP status (401 token, 403 origin, 429 too many).',
      ['status'],
    );
    this.eventsTotal = counter(
      'nhicard_events_total',
      'Events published by the broker, by topic.',
      ['topic'],
    );
    this.requestsTotal = counter(
      'nhicard_requests_total',
      'Requests answered, by op and outcome (ok or the error code).',
      ['op', 'outcome'],
    );
    this.cardReadsTotal = counter(
      'nhicard_card_reads_total',
      'Section reads sent to the card driver (after caching and coalescing), by section and outcome (ok or the error code).',
      ['section', 'outcome'],
    );
    this.cardReadSeconds = new Histogram({
      name: 'nhicard_card_read_duration_seconds',
      help: 'Time the card driver took to read a section.',
      labelNames: ['section'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
      registers,
    });
    this.errorsTotal = counter(
      'nhicard_errors_total',
      'Errors sent to clients (error responses and card.error events), by code.',
      ['code'],
    );
    new Gauge({
      name: 'nhicard_readers',
      help: 'Attached card readers, by the presence in their slot.',
      labelNames: ['presence'],
      registers,
      collect() {
        const counts = new Map<string, number>(CARD_PRESENCE.map((presence) => [presence, 0]));
        for (const presence of readerPresences()) {
          counts.set(presence, (counts.get(presence) ?? 0) + 1);
        }
        for (const [presence, count] of counts) this.set({ presence }, count);
      },
    });
  }

  /** A connection opened. */
  connectionOpened(subprotocol: string): void {
    this.connectionsOpen.inc({ subprotocol });
    this.connectionsTotal.inc({ subprotocol });
  }

  /** A connection closed. */
  connectionClosed(subprotocol: string): void {
    this.connectionsOpen.dec({ subprotocol });
  }

  /** An upgrade was refused. */
  upgradeRefused(status: RefusalStatus): void {
    this.upgradesRefused.inc({ status: String(status) });
  }

  /** The broker published an event (a `card.error` also counts its code). */
  eventPublished(topic: Topic, errorCode?: ErrorCode): void {
    this.eventsTotal.inc({ topic });
    if (errorCode !== undefined) this.errorsTotal.inc({ code: errorCode });
  }

  /** A request was answered with `ok` or an error code. */
  requestAnswered(op: Op | 'invalid', outcome: 'ok' | ErrorCode): void {
    const key = `${op} ${outcome}`;
    const unread = this.unread.get(key);
    if (unread === undefined) this.unread.set(key, { op, outcome, count: 1 });
    else unread.count += 1;
  }

  /** Adds the requests answered since the counters were last read (any counter's read). */
  private addUnreadRequests(): void {
    for (const unread of this.unread.values()) {
      if (unread.count === 0) continue;
      const { op, outcome, count } = unread;
      this.requestsTotal.inc({ op, outcome }, count);
      if (outcome !== 'ok') this.errorsTotal.inc({ code: outcome }, count);
      unread.count = 0;
    }
  }

  /** The driver finished a section read. */
  cardRead(section: SectionId, outcome: 'ok' | ErrorCode, durationSeconds: number): void {
    this.cardReadsTotal.inc({ section, outcome });
    this.cardReadSeconds.observe({ section }, durationSeconds);
  }

  /** The Prometheus text exposition of every metric. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  /** The content type of {@link render}'s output. */
  get contentType(): string {
    return this.registry.contentType;
  }
}
