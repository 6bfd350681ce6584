import type { EventMessage, OpResult } from '@nhicard/protocol';
import type { ClientEvent } from './client-event.js';
import { ReaderModel } from './reader-model.js';

/** What to do after an event arrived or a snapshot was applied. */
export interface SyncStep {
  /** Events to hand to the app, in order. */
  deliver: ClientEvent[];
  /** A `seq` gap was seen: take a snapshot (events are held until it is applied). */
  needSnapshot: boolean;
}

function toClientEvent(event: EventMessage): ClientEvent {
  const { type: _type, ...fields } = event;
  return { ...fields, resync: false } as ClientEvent;
}

/**
 * Keeps the app's event stream exact across reconnects and lost events. The broker numbers
 * its events with a run-wide `seq` (+1 per event) and the client subscribes to every topic,
 * so a number skipped means an event lost. While a snapshot is pending (after connecting, or
 * after a gap) events are held; the snapshot is turned into the events the app missed, then
 * the held events newer than the snapshot follow, and those it already covers are dropped.
 */
export class EventSync {
  private readonly model = new ReaderModel();
  // The seq of the last event delivered or covered by a snapshot; null before the first one.
  private lastSeq: number | null = null;
  private syncing = true;
  private held: EventMessage[] = [];

  /** A new connection: hold events until its first snapshot is applied. */
  startConnection(): void {
    this.syncing = true;
    this.held = [];
  }

  /** Records a time the broker reported outside events (a `ping` result). */
  noteServerTime(iso: string): void {
    this.model.noteServerTime(iso);
  }

  /** A live event arrived. */
  receive(event: EventMessage): SyncStep {
    if (this.syncing || this.lastSeq === null) {
      this.held.push(event);
      return { deliver: [], needSnapshot: false };
    }
    if (event.seq <= this.lastSeq) return { deliver: [], needSnapshot: false };
    if (event.seq > this.lastSeq + 1) {
      this.syncing = true;
      this.held = [event];
      return { deliver: [], needSnapshot: true };
    }
    this.lastSeq = event.seq;
    this.model.apply(event);
    return { deliver: [toClientEvent(event)], needSnapshot: false };
  }

  /** The snapshot asked for arrived: the missed events, then the held ones it does not cover. */
  applySnapshot(snapshot: OpResult['snapshot']): SyncStep {
    // A lower seq than already seen can only come from a new broker run (seq restarts at 1).
    const newRun = this.lastSeq !== null && snapshot.seq < this.lastSeq;
    const deliver = this.model.reconcile(snapshot, newRun);
    this.lastSeq = snapshot.seq;
    this.syncing = false;
    const held = this.held.sort((a, b) => a.seq - b.seq);
    this.held = [];
    for (const [index, event] of held.entries()) {
      const step = this.receive(event);
      deliver.push(...step.deliver);
      if (step.needSnapshot) {
        this.held.push(...held.slice(index + 1));
        return { deliver, needSnapshot: true };
      }
    }
    return { deliver, needSnapshot: false };
  }
}
