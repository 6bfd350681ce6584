import type {
  CardPresence,
  EventMessage,
  MaskedHolder,
  OpResult,
  ReaderInfo,
  ReaderStatus,
} from '@nhicard/protocol';
import type { ClientEvent } from './client-event.js';

interface KnownReader {
  info: ReaderInfo;
  presence: CardPresence;
  holder: MaskedHolder | null;
  /** The broker's id of the card's insertion; undefined with no card or an older broker. */
  insertion: string | undefined;
  /** The sections of this card the app was given (`card.read` events), to fill after a gap. */
  delivered: Set<string>;
}

/** Whether a slot in this state holds a card the app was told about with `card.inserted`. */
function holdsCard(presence: CardPresence): boolean {
  // `reader-error` ends the card's session on the broker (it publishes `card.removed`).
  return presence !== 'no-card' && presence !== 'reader-error';
}

/** `{insertion}` when the broker named the insertion, else nothing (an older broker). */
function insertionOf(card: { insertion?: string | undefined }): { insertion?: string } {
  return card.insertion === undefined ? {} : { insertion: card.insertion };
}

/**
 * What the client last knew of every reader and its card, kept from live events, so that a
 * snapshot taken after a reconnect or a `seq` gap can be turned into the events the app
 * missed: no more (nothing the app already saw is repeated) and no less.
 */
export class ReaderModel {
  private readers = new Map<string, KnownReader>();
  // The broker's clock as last heard from it (ms since the epoch), to tell whether a card
  // that is in now went in again while the client was away.
  private lastServerTimeMs: number | null = null;

  /** Records what a live event changes. */
  apply(event: EventMessage): void {
    this.noteServerTime(event.time);
    if (event.reader === null) return;
    const known = this.readers.get(event.reader);
    switch (event.topic) {
      case 'reader.attached':
        this.readers.set(event.reader, {
          info: event.data.reader,
          presence: 'no-card',
          holder: null,
          insertion: undefined,
          delivered: new Set(),
        });
        return;
      case 'reader.detached':
        this.readers.delete(event.reader);
        return;
      case 'card.inserted':
        if (known) {
          Object.assign(known, {
            presence: event.data.presence,
            holder: null,
            insertion: event.data.insertion,
            delivered: new Set(),
          });
        }
        return;
      case 'card.removed':
        if (known) {
          Object.assign(known, {
            presence: 'no-card',
            holder: null,
            insertion: undefined,
            delivered: new Set(),
          });
        }
        return;
      case 'card.read':
        if (!known) return;
        if (event.data.holder !== null) known.holder = event.data.holder;
        for (const section of Object.keys(event.data.sections ?? {})) known.delivered.add(section);
        return;
      default:
        return;
    }
  }

  /** Records a time the broker reported (an event's `time`, a `ping` result). */
  noteServerTime(iso: string): void {
    const timeMs = Date.parse(iso);
    if (
      Number.isFinite(timeMs) &&
      (this.lastServerTimeMs === null || timeMs > this.lastServerTimeMs)
    ) {
      this.lastServerTimeMs = timeMs;
    }
  }

  /**
   * Replaces what the client knew with `snapshot` and returns the events that turn the old
   * picture into the new one, in a sensible order (removals before detaches, attaches before
   * insertions). `newRun` says the broker restarted: its `since` times are then all new and
   * say nothing about the card having been taken out.
   */
  reconcile(snapshot: OpResult['snapshot'], newRun: boolean): ClientEvent[] {
    const events: ClientEvent[] = [];
    const derived = <E extends ClientEvent>(event: Omit<E, 'seq' | 'resync'>): void => {
      events.push({ ...event, seq: snapshot.seq, resync: true } as ClientEvent);
    };
    const nowIso = new Date().toISOString();
    const next = new Map<string, KnownReader>();
    for (const status of snapshot.readers) {
      next.set(status.reader.id, {
        info: status.reader,
        presence: status.card.presence,
        holder: status.card.holder,
        insertion: status.card.insertion,
        delivered: new Set(Object.keys(status.sections ?? {})),
      });
    }
    for (const [id, old] of this.readers) {
      if (next.has(id)) continue;
      if (holdsCard(old.presence)) {
        derived({ topic: 'card.removed', time: nowIso, reader: id, data: insertionOf(old) });
      }
      derived({ topic: 'reader.detached', time: nowIso, reader: id, data: { reader: old.info } });
    }
    for (const status of snapshot.readers) {
      const id = status.reader.id;
      const { card } = status;
      const old = this.readers.get(id);
      const hadCard = old !== undefined && holdsCard(old.presence);
      if (old === undefined) {
        derived({
          topic: 'reader.attached',
          time: card.since,
          reader: id,
          data: { reader: status.reader },
        });
      }
      const removed = hadCard && (!holdsCard(card.presence) || this.swapped(old, status, newRun));
      if (removed) {
        derived({ topic: 'card.removed', time: card.since, reader: id, data: insertionOf(old) });
      }
      if (holdsCard(card.presence) && (!hadCard || removed)) {
        derived({
          topic: 'card.inserted',
          time: card.since,
          reader: id,
          data: {
            presence: card.presence as Exclude<CardPresence, 'no-card'>,
            ...insertionOf(card),
          },
        });
      }
      // Data as soon as it exists: sections decoded while the app was not listening (its
      // automatic read went on) come as one `card.read` with every cached section, so a page
      // fills what there is without asking.
      const sections = status.sections ?? {};
      const sameCard = hadCard && !removed;
      const missed = Object.keys(sections).some(
        (section) => !(sameCard && old.delivered.has(section)),
      );
      if (holdsCard(card.presence) && missed) {
        derived({
          topic: 'card.read',
          time: nowIso,
          reader: id,
          data: { holder: card.holder, sections: { ...sections }, ...insertionOf(card) },
        });
      }
    }
    this.readers = next;
    for (const status of snapshot.readers) this.noteServerTime(status.card.since);
    return events;
  }

  /** Whether the card in the slot now is not the one the client knew (it went out and in). */
  private swapped(old: KnownReader, status: ReaderStatus, newRun: boolean): boolean {
    // The broker names each insertion: a different id is a different card, whatever its holder.
    const insertion = status.card.insertion;
    if (old.insertion !== undefined && insertion !== undefined) return old.insertion !== insertion;
    // An older broker sends no ids: guess from the holder's masked name and the times.
    const holder = status.card.holder;
    if (old.holder !== null && holder !== null) return old.holder.maskedName !== holder.maskedName;
    // Same presence but a later `since`: the slot changed state and came back while the
    // client was away (out and in again). Settling (`not-ready` → `ready`) changes presence.
    if (newRun || old.presence !== status.card.presence || this.lastServerTimeMs === null) {
      return false;
    }
    return Date.parse(status.card.since) > this.lastServerTimeMs;
  }
}
