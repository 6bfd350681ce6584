import { type KV, Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { parseStateKey, type ReaderStateRecord } from '@nhicard/protocol';
import type { ReaderStateChange } from './presence-feed.js';

interface KnownState {
  record: ReaderStateRecord;
  /** The sync during (or after) which it was last confirmed. */
  generation: number;
}

/** True when `next` is a later state of the same reader than `known`. */
function isNewer(next: ReaderStateRecord, known: ReaderStateRecord): boolean {
  if (next.updated !== known.updated) return next.updated > known.updated;
  return next.seq > known.seq;
}

/**
 * The feed's view of every reader's state, fed from two sources that may arrive in any order:
 * the states that events carry (live) and the bucket, read whole on each (re)connection. A
 * state older than the one already known is dropped, so a bucket read that raced a newer event
 * cannot turn a tile back; a reader the bucket no longer holds, and that no event confirmed
 * since the read began, is reported gone.
 */
export class ReaderStateBook {
  private readonly known = new Map<string, KnownState>();
  private generation = 0;
  private syncing: Promise<void> = Promise.resolve();
  private bucket: KV | undefined;

  constructor(private readonly onState: (change: ReaderStateChange) => void) {}

  /** Applies one reader's state (null: the reader went away) if it is news. */
  apply(key: string, record: ReaderStateRecord | null): void {
    const parts = parseStateKey(key);
    if (parts === null) return;
    const known = this.known.get(key);
    if (record === null) {
      if (known === undefined) return;
      this.known.delete(key);
    } else {
      if (known !== undefined && !isNewer(record, known.record)) {
        known.generation = this.generation;
        return;
      }
      this.known.set(key, { record, generation: this.generation });
    }
    this.onState({ key, ...parts, record });
  }

  /**
   * Reads every key under `filter` (e.g. `taipei-main.*.*`) from the bucket and applies it;
   * readers it no longer holds are reported gone. Syncs run one after another.
   */
  sync(connection: NatsConnection, bucketName: string, filter: string): Promise<void> {
    const run = this.syncing.then(() => this.readBucket(connection, bucketName, filter));
    this.syncing = run.catch(() => undefined);
    return run;
  }

  private async readBucket(
    connection: NatsConnection,
    bucketName: string,
    filter: string,
  ): Promise<void> {
    this.generation += 1;
    const generation = this.generation;
    if (this.bucket === undefined) this.bucket = await new Kvm(connection).open(bucketName);
    const bucket = this.bucket;
    const keys = await bucketKeys(connection, bucketName, filter);
    const entries = await Promise.all(keys.map((key) => bucket.get(key)));
    const held = new Set<string>();
    for (const entry of entries) {
      if (entry === null || entry.operation !== 'PUT') continue;
      held.add(entry.key);
      this.apply(entry.key, entry.json<ReaderStateRecord>());
    }
    for (const [key, known] of [...this.known]) {
      if (!held.has(key) && known.generation < generation) this.apply(key, null);
    }
  }
}

/**
 * The keys under `filter`, from the stream's own subject list (`STREAM.INFO` with a subjects
 * filter): one request and no consumer, where the KV client's `keys()` would create a consumer
 * that outlives the read on the server.
 */
async function bucketKeys(
  connection: NatsConnection,
  bucketName: string,
  filter: string,
): Promise<string[]> {
  // A bucket is the stream `KV_<bucket>`, its keys the subjects `$KV.<bucket>.<key>`.
  const stream = `KV_${bucketName}`;
  const prefix = `$KV.${bucketName}.`;
  const keys: string[] = [];
  for (let offset = 0; ; ) {
    const reply = await connection.request(
      `$JS.API.STREAM.INFO.${stream}`,
      JSON.stringify({ subjects_filter: `${prefix}${filter}`, offset }),
    );
    const info = reply.json<StreamSubjectsPage>();
    if (info.error !== undefined) throw new Error(`bucket ${stream}: ${info.error.description}`);
    const subjects = Object.keys(info.state.subjects ?? {});
    for (const subject of subjects) keys.push(subject.slice(prefix.length));
    offset += subjects.length;
    if (subjects.length === 0 || offset >= (info.total ?? offset)) return keys;
  }
}

/** The part of a `STREAM.INFO` answer that lists subjects (paged past the server's limit). */
interface StreamSubjectsPage {
  error?: { description: string };
  state: { subjects?: Record<string, number> };
  total?: number;
}
