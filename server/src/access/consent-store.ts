import { chmodSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SCOPES, type Scope } from '@nhicard/protocol';
import { isOpaqueOrigin } from './origin-kind.js';

/** What a person on this PC decided about one origin, or that it still waits. */
export type ConsentEntry =
  | { status: 'pending'; requested: Scope[]; requestedAt: string }
  | { status: 'approved'; scopes: Scope[]; decidedAt: string }
  | { status: 'denied'; decidedAt: string };

/** Scopes a page can be approved for: `admin` is never given to a website. */
const CONSENT_SCOPES: readonly Scope[] = ['presence', 'read'];
/** Pending requests kept at most, so a flood of made-up origins cannot grow the file. */
const MAX_PENDING_REQUESTS = 32;

/** Why the access file cannot be used; the message says what to do. */
export class ConsentFileError extends Error {
  override readonly name = 'ConsentFileError';
}

function parseEntry(raw: unknown): ConsentEntry | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const entry = raw as Record<string, unknown>;
  const scopes = (value: unknown): Scope[] | null =>
    Array.isArray(value) && value.every((scope) => CONSENT_SCOPES.includes(scope as Scope))
      ? SCOPES.filter((scope) => value.includes(scope))
      : null;
  const time = typeof entry.decidedAt === 'string' ? entry.decidedAt : '';
  if (entry.status === 'approved') {
    const granted = scopes(entry.scopes);
    return granted === null ? null : { status: 'approved', scopes: granted, decidedAt: time };
  }
  if (entry.status === 'denied') return { status: 'denied', decidedAt: time };
  if (entry.status === 'pending') {
    const requested = scopes(entry.requested);
    const at = typeof entry.requestedAt === 'string' ? entry.requestedAt : '';
    return requested === null ? null : { status: 'pending', requested, requestedAt: at };
  }
  return null;
}

/**
 * The approvals a person on this PC gave (or refused) to page origins, and the requests that
 * wait, kept in one JSON file that only the broker's OS user may read or write (0600, in a
 * 0700 folder). The broker and `nhicard access` both write it, each by replacing the whole
 * file, and each re-reads it when it changed, so an approval takes effect on the next
 * connection and lasts across restarts until revoked.
 */
export class ConsentStore {
  private entries = new Map<string, ConsentEntry>();
  private loadedStamp = '';

  constructor(
    readonly path: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The entry of `origin`, read fresh if the file changed. */
  lookup(origin: string): ConsentEntry | undefined {
    this.refresh();
    return this.entries.get(origin);
  }

  /** Every entry, by origin. */
  list(): [string, ConsentEntry][] {
    this.refresh();
    return [...this.entries.entries()].sort(([a], [b]) => a.localeCompare(b));
  }

  /**
   * Records that `origin` asks for `requested`. False (nothing recorded) for opaque origins,
   * for origins already decided, and once {@link MAX_PENDING_REQUESTS} wait.
   */
  request(origin: string, requested: readonly Scope[]): boolean {
    if (isOpaqueOrigin(origin)) return false;
    this.refresh();
    const existing = this.entries.get(origin);
    if (existing !== undefined) return existing.status === 'pending';
    const pending = [...this.entries.values()].filter((entry) => entry.status === 'pending');
    if (pending.length >= MAX_PENDING_REQUESTS) return false;
    // Every connection holds presence: a request is for presence and what it adds.
    const scopes = SCOPES.filter(
      (scope) =>
        scope === 'presence' || (requested.includes(scope) && CONSENT_SCOPES.includes(scope)),
    );
    this.record(origin, { status: 'pending', requested: scopes, requestedAt: this.nowIso() });
    return true;
  }

  /** Approves `origin` with `scopes` (default: what it asked for, else presence). */
  approve(origin: string, scopes?: readonly Scope[]): Scope[] {
    if (isOpaqueOrigin(origin)) {
      throw new ConsentFileError(
        `${JSON.stringify(origin)} is not an http(s) origin; opaque origins cannot be approved.`,
      );
    }
    this.refresh();
    const asked = this.entries.get(origin);
    const wanted = scopes ?? (asked?.status === 'pending' ? asked.requested : ['presence']);
    const granted = SCOPES.filter((scope) => scope === 'presence' || wanted.includes(scope));
    if (granted.some((scope) => !CONSENT_SCOPES.includes(scope))) {
      throw new ConsentFileError(
        `A page can be approved for ${CONSENT_SCOPES.join(' and ')} only.`,
      );
    }
    this.record(origin, { status: 'approved', scopes: granted, decidedAt: this.nowIso() });
    return granted;
  }

  /** Denies `origin`, or revokes its approval: it is refused with ACCESS_DENIED until approved. */
  deny(origin: string): void {
    this.refresh();
    this.record(origin, { status: 'denied', decidedAt: this.nowIso() });
  }

  /** Forgets `origin` altogether (it may ask again). True when there was an entry. */
  forget(origin: string): boolean {
    this.refresh();
    const had = this.entries.delete(origin);
    if (had) this.save();
    return had;
  }

  /** Sets what is known of `origin` and writes the file at once (other processes read it). */
  private record(origin: string, entry: ConsentEntry): void {
    this.entries.set(origin, entry);
    this.save();
  }

  private nowIso(): string {
    return this.now().toISOString();
  }

  private refresh(): void {
    let stamp: string;
    let mode: number;
    try {
      const stat = statSync(this.path);
      stamp = `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
      mode = stat.mode;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      this.entries.clear();
      this.loadedStamp = '';
      return;
    }
    if (stamp === this.loadedStamp) return;
    // Someone else could have written approvals into a file others may change.
    if (process.platform !== 'win32' && (mode & 0o022) !== 0) {
      throw new ConsentFileError(
        `${this.path} may be changed by other users (mode ${(mode & 0o777).toString(8)}): run chmod 600 on it.`,
      );
    }
    const raw: unknown = JSON.parse(readFileSync(this.path, 'utf8'));
    const origins = (raw as { origins?: unknown }).origins;
    const entries = new Map<string, ConsentEntry>();
    if (typeof origins === 'object' && origins !== null) {
      for (const [origin, value] of Object.entries(origins)) {
        const entry = parseEntry(value);
        if (entry !== null && !isOpaqueOrigin(origin)) entries.set(origin, entry);
      }
    }
    this.entries = entries;
    this.loadedStamp = stamp;
  }

  private save(): void {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    const body = `${JSON.stringify({ version: 1, origins: Object.fromEntries(this.entries) }, null, 2)}\n`;
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, body, { mode: 0o600 });
    chmodSync(temporary, 0o600);
    renameSync(temporary, this.path);
    const stat = statSync(this.path);
    this.loadedStamp = `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
  }
}
