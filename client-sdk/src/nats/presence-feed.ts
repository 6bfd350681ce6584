import { type NatsConnection, wsconnect } from '@nats-io/nats-core';
import {
  type NatsPresenceEvent,
  parsePresenceSubject,
  type ReaderStateRecord,
  subjectToken,
} from '@nhicard/protocol';
import { ReaderStateBook } from './reader-state-book.js';

/** How long the feed waits before reading the bucket again after a failed read. */
const BUCKET_RETRY_MS = 1000;

/** Where the feed reads from, and as whom. */
export interface NatsPresenceFeedOptions {
  /** NATS WebSocket URLs, e.g. `wss://nats.hospital.example:8443`. */
  servers: string | string[];
  /** A monitor user (read-only permissions). */
  user?: string;
  pass?: string;
  /** A token, for servers set up with token authentication. */
  token?: string;
  /** Only this site's workstations; left out, every site. */
  site?: string;
  /** The state bucket. @default 'nhicard-readers' */
  bucket?: string;
  /** Subject prefix. @default 'nhicard' */
  prefix?: string;
}

/** A reader's state as the feed reports it; `record` null when the reader went away. */
export interface ReaderStateChange {
  /** `<site>.<workstation>.<reader>`. */
  key: string;
  site: string;
  workstation: string;
  reader: string;
  record: ReaderStateRecord | null;
}

/** What the feed tells: states (the truth), events (the news) and its own link. */
export interface NatsPresenceHandlers {
  /**
   * Every reader's state on start (one call each), then each change, whether an event carried
   * it or a read of the bucket after a reconnection found it.
   */
  onState(change: ReaderStateChange): void;
  /** Each reader event as it is published. */
  onEvent?(event: NatsPresenceEvent): void;
  /** The link: `connected`, `disconnected`, `reconnecting`, `closed`, or an error's text. */
  onStatus?(status: string): void;
}

/** A running feed. */
export interface NatsPresenceFeed {
  /** Stops watching and closes the connection. */
  close(): Promise<void>;
}

/**
 * Watches every workstation's readers over NATS's WebSocket listener: the state bucket first
 * (so a monitor that joins late shows the present at once), then the events, each of which
 * carries its reader's new state. The bucket is read again after every reconnection, and a
 * broker whose own link to NATS came back republishes its readers' states, so nothing changed
 * while either side was away is missed. Needs only a monitor user's read-only permissions.
 * Holds no JetStream consumer between reads: each change reaches a monitor once, as an event,
 * not a second time as a bucket update.
 */
export async function watchPresenceOverNats(
  options: NatsPresenceFeedOptions,
  handlers: NatsPresenceHandlers,
): Promise<NatsPresenceFeed> {
  const connection: NatsConnection = await wsconnect({
    servers: options.servers,
    user: options.user,
    pass: options.pass,
    token: options.token,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1000,
  });
  const site = options.site === undefined ? '*' : subjectToken(options.site);
  const prefix = options.prefix ?? 'nhicard';
  const states = new ReaderStateBook(handlers.onState);
  const bucketName = options.bucket ?? 'nhicard-readers';
  const resync = (): Promise<void> => states.sync(connection, bucketName, `${site}.*.*`);

  // Subscribed before the bucket is read, so no event falls between the two.
  const events = connection.subscribe(`${prefix}.presence.${site}.>`, {
    callback: (error, message) => {
      if (error !== null) return;
      const place = parsePresenceSubject(message.subject, prefix);
      if (place === null) return;
      try {
        if (place.isState) {
          states.apply(place.key, message.json<ReaderStateRecord>());
          return;
        }
        const event = message.json<NatsPresenceEvent>();
        if (event.state !== undefined) states.apply(place.key, event.state);
        handlers.onEvent?.(event);
      } catch (failure) {
        // One bad message (or a throwing handler) must not end the subscription.
        handlers.onStatus?.(`message on ${message.subject} not handled: ${String(failure)}`);
      }
    },
  });
  try {
    await resync();
  } catch (error) {
    await connection.close();
    throw error;
  }
  let closed = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  // Right after nats-server restarts its JetStream may not answer yet: read again until it does.
  const resyncUntilRead = (): void => {
    clearTimeout(retryTimer);
    resync().catch((error: unknown) => {
      handlers.onStatus?.(`reading the state bucket failed: ${String(error)}`);
      if (!closed) retryTimer = setTimeout(resyncUntilRead, BUCKET_RETRY_MS);
    });
  };
  void (async () => {
    for await (const status of connection.status()) {
      handlers.onStatus?.(status.type === 'error' ? String(status.error) : status.type);
      if (status.type === 'reconnect') resyncUntilRead();
    }
  })();
  handlers.onStatus?.('connected');

  return {
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      events.unsubscribe();
      await connection.close();
      handlers.onStatus?.('closed');
    },
  };
}
