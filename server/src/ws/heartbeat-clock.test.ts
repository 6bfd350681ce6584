import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HEARTBEAT_GROUPS, HeartbeatClock, type HeartbeatTarget } from './heartbeat-clock.js';

describe('HeartbeatClock', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Targets with ids 1…count, each counting its heartbeats; `perTick` the beats of each tick. */
  function targets(count: number, perTick: number[]) {
    const beats = new Map<number, number>();
    const list: HeartbeatTarget[] = Array.from({ length: count }, (_, index) => ({
      id: index + 1,
      heartbeat() {
        beats.set(this.id, (beats.get(this.id) ?? 0) + 1);
        perTick[perTick.length - 1] = (perTick.at(-1) ?? 0) + 1;
      },
    }));
    return { list, beats };
  }

  it('beats every connection once per ping interval, a tenth of them per tick', () => {
    const perTick: number[] = [];
    const { list, beats } = targets(25, perTick);
    const clock = new HeartbeatClock(() => list, 1000);
    for (let tick = 0; tick < HEARTBEAT_GROUPS; tick += 1) {
      perTick.push(0);
      vi.advanceTimersByTime(1000 / HEARTBEAT_GROUPS);
    }
    expect([...beats.values()]).toStrictEqual(Array(25).fill(1));
    // 25 ids over 10 groups: groups of 2 or 3, never all at once.
    expect(perTick).toStrictEqual([2, 3, 3, 3, 3, 3, 2, 2, 2, 2]);
    vi.advanceTimersByTime(1000);
    expect([...beats.values()]).toStrictEqual(Array(25).fill(2));
    clock.stop();
    vi.advanceTimersByTime(5000);
    expect([...beats.values()]).toStrictEqual(Array(25).fill(2));
  });

  it('includes connections opened since the last tick', () => {
    const perTick: number[] = [0];
    const { list: all, beats } = targets(13, perTick);
    const list = all.slice(0, 3);
    const clock = new HeartbeatClock(() => list, 1000);
    vi.advanceTimersByTime(1000);
    list.push(all[12] as HeartbeatTarget); // id 13: group 3
    vi.advanceTimersByTime(1000);
    expect(beats.get(13)).toBe(1);
    expect([beats.get(1), beats.get(2), beats.get(3)]).toStrictEqual([2, 2, 2]);
    clock.stop();
  });
});
