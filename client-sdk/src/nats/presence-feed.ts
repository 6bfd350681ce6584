import { Kvm } from '@nats-io/kv';
import { type NatsConnection, wsconnect } from '@nats-io/nats-core';
import {
  type NatsPresenceEvent,
  parseStateKey,
  type ReaderStateRecord,
  subjectToken,
} from '@nhicard/protocol';

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
  /** Every reader's state on start (one call each), then each change. */
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
 * (so a monitor that joins late shows the present at once), then each change, and the events
 * as news. Needs only a monitor user's read-only permissions. Reconnects by itself; after a
 * reconnection the bucket watch resumes where it was.
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
  void (async () => {
    for await (const status of connection.status()) {
      handlers.onStatus?.(status.type === 'error' ? String(status.error) : status.type);
    }
  })();
  handlers.onStatus?.('connected');

  const bucket = await new Kvm(connection).open(options.bucket ?? 'nhicard-readers');
  const watch = await bucket.watch({ key: `${site}.*.*` });
  void (async () => {
    for await (const entry of watch) {
      const parts = parseStateKey(entry.key);
      if (parts === null) continue;
      const record = entry.operation === 'PUT' ? (entry.json() as ReaderStateRecord) : null;
      handlers.onState({ key: entry.key, ...parts, record });
    }
  })();

  const events = connection.subscribe(`${options.prefix ?? 'nhicard'}.presence.${site}.>`);
  void (async () => {
    for await (const message of events) handlers.onEvent?.(message.json() as NatsPresenceEvent);
  })();

  return {
    async close() {
      watch.stop();
      events.unsubscribe();
      await connection.close();
      handlers.onStatus?.('closed');
    },
  };
}
