import { describe, expect, it } from 'vitest';
import { BrokerError } from './broker-error.js';
import {
  initialSlotState,
  nextSlotState,
  type SlotState,
  type StatusObservation,
} from './card-state-machine.js';

const T0 = '2026-02-16T01:00:00.000Z';
const T1 = '2026-02-16T01:00:01.000Z';
const T2 = '2026-02-16T01:00:02.000Z';

const seen = (
  presence: StatusObservation['presence'],
  insertionId: number | null,
  nativeCode: number | null = null,
): StatusObservation => ({ presence, insertionId, nativeCode });

/** Feeds observations one after another; returns every step's kinds and the last state. */
function run(observations: StatusObservation[], times: string[]) {
  let state: SlotState = initialSlotState(T0);
  const steps: string[][] = [];
  observations.forEach((observation, index) => {
    const step = nextSlotState(state, observation, times[index] ?? T2, 'run-1.');
    state = step.state;
    steps.push(
      step.effects.map((effect) =>
        effect.kind === 'publish' ? `publish ${effect.event.topic}` : effect.kind,
      ),
    );
  });
  return { steps, state };
}

describe('nextSlotState (the card-state machine, pure)', () => {
  it('turns not-ready → ready into one insertion with a settle timer, then its removal', () => {
    const { steps, state } = run(
      [seen('not-ready', 7, 1), seen('ready', 7, 2), seen('ready', 7, 4), seen('no-card', null, 0)],
      [T1, T2, T2, T2],
    );
    expect(steps).toEqual([
      ['begin-session', 'publish card.inserted', 'start-settle-timer'],
      ['card-ready'],
      // PIN verified (status 4): the same card, nothing to say.
      [],
      ['end-session', 'publish card.removed'],
    ]);
    expect(state).toEqual({
      presence: 'no-card',
      since: T2,
      error: undefined,
      insertion: null,
      insertionCount: 1,
    });
  });

  it('numbers insertions and sees a different driver id as removal plus insertion', () => {
    let state = initialSlotState(T0);
    const first = nextSlotState(state, seen('ready', 1), T1, 'run-1.');
    state = first.state;
    expect(first.effects).toEqual([
      { kind: 'begin-session', insertion: { driverId: 1, wireId: 'run-1.1' } },
      {
        kind: 'publish',
        event: { topic: 'card.inserted', data: { presence: 'ready', insertion: 'run-1.1' } },
      },
      { kind: 'card-ready' },
    ]);
    const swapped = nextSlotState(state, seen('ready', 2), T2, 'run-1.');
    expect(swapped.effects).toEqual([
      { kind: 'end-session', reason: expect.objectContaining({ code: 'CARD_REMOVED' }) },
      { kind: 'publish', event: { topic: 'card.removed', data: { insertion: 'run-1.1' } } },
      { kind: 'begin-session', insertion: { driverId: 2, wireId: 'run-1.2' } },
      {
        kind: 'publish',
        event: { topic: 'card.inserted', data: { presence: 'ready', insertion: 'run-1.2' } },
      },
      { kind: 'card-ready' },
    ]);
    expect(swapped.state.since).toBe(T2);
    // The input state is not touched.
    expect(state.insertion).toEqual({ driverId: 1, wireId: 'run-1.1' });
  });

  it('ends the insertion on a reader error with that error, and reports it', () => {
    const error = new BrokerError('TIMEOUT', 'reader timeout', {
      native: { source: 'cshis', code: 4000, message: '讀卡機 timeout' },
    });
    const { steps, state } = run(
      [seen('ready', 3), { ...seen('reader-error', null, 4000), error }],
      [T1, T2],
    );
    expect(steps[1]).toEqual(['end-session', 'publish card.removed', 'publish card.error']);
    expect(state.presence).toBe('reader-error');
    expect(state.error).toEqual(error.toWire());
    expect(state.insertion).toBeNull();
  });

  it('reports a card that is not an NHI card once, and never calls it ready', () => {
    const { steps } = run([seen('not-nhi-card', 5, 9), seen('not-nhi-card', 5, 9)], [T1, T2]);
    expect(steps).toEqual([['begin-session', 'publish card.inserted', 'publish card.error'], []]);
  });

  it('keeps since while the presence stays, and takes the driver-less null id as the same card', () => {
    const { steps, state } = run([seen('ready', null, 2), seen('ready', null, 4)], [T1, T2]);
    expect(steps[1]).toEqual([]);
    expect(state.since).toBe(T1);
  });
});
