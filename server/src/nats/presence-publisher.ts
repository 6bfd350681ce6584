import { readFileSync } from 'node:fs';
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
} from '@nhicard/protocol';
import type { Logger } from 'pino';
import { Gauge, type Registry } from 'prom-client';
import type { Subscription } from 'rxjs';
import type { Broker, BrokerEvent } from '../core/broker.js';
import { eventMessageFor, readerStatusFor } from '../ws/scope-filter.js';
import type { NatsLinkStatus, NatsOptions } from './nats-options.js';

const encoder = new TextEncoder();

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
    this.events?.unsubscribe();
    await this.writes;
    await this.connection?.drain().catch(() => undefined);
    this.setState('closed', null, null);
  }

  private async run(): Promise<void> {
    try {
      const connection = await connect({
        servers: this.options.servers,
        name: `nhicard ${this.place.site}/${this.place.workstation}`,
        user: this.options.user,
        pass: this.options.password,
        token: this.options.token,
        ...(this.options.caFile ? { tls: { ca: readFileSync(this.options.caFile, 'utf8') } } : {}),
        waitOnFirstConnect: true,
        maxReconnectAttempts: -1,
        reconnectTimeWait: 1000,
      });
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
    // Catch up: whatever changed while NATS was away, the bucket gets the present now.
    for (const reader of this.broker.listReaders()) this.writeState(reader.id, this.broker.seq);
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
    if (event.reader === null || this.connection === undefined) return;
    if (this.current.state === 'connected') {
      const message = eventMessageFor(event, 'presence');
      const subject = presenceSubject(this.place, event.reader);
      const payload = { ...message, site: this.place.site, workstation: this.place.workstation };
      this.connection.publish(subject, encoder.encode(JSON.stringify(payload)));
    }
    if (event.topic === 'card.reading') return; // progress: news only, not state
    this.writeState(event.reader, event.seq);
  }

  private writeState(readerId: string, seq: number): void {
    const bucket = this.bucket;
    if (bucket === undefined || this.current.state !== 'connected') return;
    this.writes = this.writes.then(async () => {
      const key = stateKey(this.place, readerId);
      try {
        const attached = this.broker.listReaders().some((reader) => reader.id === readerId);
        if (!attached) {
          await bucket.delete(key);
          return;
        }
        const record: ReaderStateRecord = {
          site: this.place.site,
          workstation: this.place.workstation,
          status: readerStatusFor(this.broker.readerStatus(readerId), 'presence'),
          seq,
          updated: new Date().toISOString(),
        };
        await bucket.put(key, JSON.stringify(record));
      } catch (error) {
        // The next (re)connection writes every reader again.
        this.current.lastError = String(error);
      }
    });
  }
}
