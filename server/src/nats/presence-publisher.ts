import { hostname } from 'node:os';
import type { KV } from '@nats-io/kv';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import {
  type NatsPlace,
  presenceSubject,
  type ReaderStateRecord,
  stateKey,
  stateSubject,
} from '@nhicard/protocol';
import type { Logger } from 'pino';
import { Gauge, type Registry } from 'prom-client';
import type { Subscription } from 'rxjs';
import type { Broker, BrokerEvent } from '../core/broker.js';
import { eventMessageFor, readerStatusFor } from '../ws/scope-filter.js';
import { connectOptionsFor, type NatsLinkStatus, type NatsOptions } from './nats-options.js';

const encoder = new TextEncoder();
/** How long a failed bucket write waits before every reader is written again. */
const WRITE_RETRY_MS = 1000;

/**
 * Publishes the broker's reader events to NATS, `presence` view only (masked name, no ID
 * number, no sections), and keeps each reader's last state in a JetStream key-value bucket.
 * The bucket is the truth and the events are the news: after every (re)connection each
 * reader's state is written again, so a monitor never keeps a state the broker left while NATS
 * was away. The broker never waits on NATS; its local clients are served whatever NATS does.
 */
export class PresencePublisher {
  private readonly place: NatsPlace;
  private readonly bucketName: string;
  private connection: NatsConnection | undefined;
  private bucket: KV | undefined;
  private events: Subscription | undefined;
  /** Bucket writes, one after another, so a reader's states land in order. */
  private writes: Promise<void> = Promise.resolve();
  private closed = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private current: NatsLinkStatus;

  /**
   * @param registry where `nhicard_nats_connected` (1 connected, 0 not) is registered, for
   *   `/metrics`
   */
  constructor(
    private readonly broker: Broker,
    private readonly options: NatsOptions,
    private readonly logger: Logger,
    registry?: Registry,
  ) {
    this.place = {
      prefix: options.prefix ?? 'nhicard',
      site: options.site,
      workstation: options.workstation ?? hostname(),
    };
    this.bucketName = options.bucket ?? 'nhicard-readers';
    this.current = {
      state: 'connecting',
      server: null,
      since: new Date().toISOString(),
      lastError: null,
    };
    if (registry !== undefined) {
      const publisher = this;
      new Gauge({
        name: 'nhicard_nats_connected',
        help: 'Whether the broker is connected to NATS (1) or not (0) and publishing presence.',
        registers: [registry],
        collect() {
          this.set(publisher.current.state === 'connected' ? 1 : 0);
        },
      });
    }
  }

  /** The link's state, for `/healthz` and `/metrics`. */
  get status(): NatsLinkStatus {
    return { ...this.current };
  }

  /** Where this broker's readers appear on NATS. */
  get subjects(): { place: NatsPlace; bucket: string } {
    return { place: this.place, bucket: this.bucketName };
  }

  /** Starts publishing; the connection is made in the background and retried for ever. */
  start(): void {
    this.events = this.broker.events$.subscribe((event) => this.onEvent(event));
    void this.run();
  }

  /** Stops publishing and closes the connection (after flushing what is buffered). */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.events?.unsubscribe();
    await this.writes;
    await this.connection?.drain().catch(() => undefined);
    this.setState('closed', null, null);
  }

  private async run(): Promise<void> {
    try {
      const name = `nhicard ${this.place.site}/${this.place.workstation}`;
      const connection = await connect(connectOptionsFor(this.options, name));
      if (this.closed) {
        await connection.close();
        return;
      }
      this.connection = connection;
      this.bucket = await new Kvm(connection).open(this.bucketName, { bindOnly: true });
      this.onConnected();
      for await (const change of connection.status()) {
        if (change.type === 'disconnect') {
          this.setState('disconnected', null, 'connection to NATS lost');
        } else if (change.type === 'reconnect') {
          this.onConnected();
        } else if (change.type === 'error') {
          this.current.lastError = String(change.error);
        }
      }
    } catch (error) {
      if (this.closed) return;
      this.setState('disconnected', null, String(error));
      this.logger.error({ detail: String(error) }, 'NATS publishing stopped');
    }
  }

  private onConnected(): void {
    this.setState('connected', this.connection?.getServer() ?? null, null);
    this.catchUp();
  }

  /**
   * Whatever changed while NATS was away: the bucket gets every reader's present state, and
   * the monitors hear it (they follow states from the events, not from the bucket).
   */
  private catchUp(): void {
    for (const reader of this.broker.listReaders()) {
      const state = this.stateOf(reader.id, this.broker.seq);
      if (state !== null) this.writeState(reader.id, state, { announce: true });
    }
  }

  private setState(
    state: NatsLinkStatus['state'],
    server: string | null,
    error: string | null,
  ): void {
    if (this.current.state === state && this.current.server === server) return;
    this.current = {
      state,
      server,
      since: new Date().toISOString(),
      lastError: error ?? this.current.lastError,
    };
    const fields = { state, server, site: this.place.site, workstation: this.place.workstation };
    if (state === 'disconnected')
      this.logger.warn(
        { ...fields, detail: error },
        'NATS unreachable; local clients are still served',
      );
    else this.logger.info(fields, 'NATS link');
  }

  private onEvent(event: BrokerEvent): void {
    const readerId = event.reader;
    if (readerId === null || this.connection === undefined) return;
    // A reader's slot raises its events first and takes its new state right after, in the
    // same turn: the state an event leads to is there one microtask later. Microtasks keep
    // the events in order.
    queueMicrotask(() => this.publishEvent(event, readerId));
  }

  private publishEvent(event: BrokerEvent, readerId: string): void {
    if (this.connection === undefined) return;
    // Progress (`card.reading`) is news only: it changes no state.
    const state = event.topic === 'card.reading' ? undefined : this.stateOf(readerId, event.seq);
    if (this.current.state === 'connected') {
      const message = eventMessageFor(event, 'presence');
      const subject = presenceSubject(this.place, readerId);
      const payload = {
        ...message,
        site: this.place.site,
        workstation: this.place.workstation,
        ...(state === undefined ? {} : { state }),
      };
      this.connection.publish(subject, encoder.encode(JSON.stringify(payload)));
    }
    if (state !== undefined) this.writeState(readerId, state);
  }

  /** A reader's state as the bucket keeps it, `presence` view only; null once it is gone. */
  private stateOf(readerId: string, seq: number): ReaderStateRecord | null {
    const attached = this.broker.listReaders().some((reader) => reader.id === readerId);
    if (!attached) return null;
    return {
      site: this.place.site,
      workstation: this.place.workstation,
      status: readerStatusFor(this.broker.readerStatus(readerId), 'presence'),
      seq,
      updated: new Date().toISOString(),
    };
  }

  private retryCatchUp(): void {
    if (this.retryTimer !== undefined || this.closed) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.current.state === 'connected' && !this.closed) this.catchUp();
    }, WRITE_RETRY_MS);
  }

  /**
   * Writes a reader's state to the bucket (deletes it for null), one write after another. With
   * `announce`, the state is also published on its state subject once the bucket holds it: a
   * monitor that reconnects after that reads it from the bucket, one connected before hears it.
   */
  private writeState(
    readerId: string,
    state: ReaderStateRecord | null,
    { announce = false } = {},
  ): void {
    const bucket = this.bucket;
    if (bucket === undefined || this.current.state !== 'connected') return;
    const key = stateKey(this.place, readerId);
    this.writes = this.writes.then(async () => {
      try {
        if (state === null) await bucket.delete(key);
        else await bucket.put(key, JSON.stringify(state));
      } catch (error) {
        // Right after nats-server restarts, JetStream may not take writes yet: the bucket is
        // the truth, so every reader is written again shortly.
        this.current.lastError = String(error);
        this.retryCatchUp();
      }
      if (announce && state !== null && this.current.state === 'connected') {
        this.connection?.publish(
          stateSubject(this.place, readerId),
          encoder.encode(JSON.stringify(state)),
        );
      }
    });
  }
}
