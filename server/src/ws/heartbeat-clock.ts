/**
 * Connections are pinged in this many groups, one group per tick, each group once per ping
 * interval. Pinging every connection in one tick put 10,000 pings (and then 10,000 pongs) in
 * the same moment: an event published then waited for all of them, and the fan-out benchmark
 * saw those rounds take twice the CPU and about 100 ms longer (docs/benchmarks.md).
 */
export const HEARTBEAT_GROUPS = 10;

/** What the clock needs of a connection. */
export interface HeartbeatTarget {
  readonly id: number;
  heartbeat(): void;
}

/**
 * The gateway's heartbeat: every connection's `heartbeat()` runs once per `pingIntervalMs`,
 * spread over {@link HEARTBEAT_GROUPS} ticks by connection id, so no tick pings more than a
 * tenth of the connections (a connection that misses two pings is still dropped two intervals
 * after it went quiet).
 */
export class HeartbeatClock {
  private readonly timer: ReturnType<typeof setInterval>;
  private tick = 0;

  /**
   * @param connections read at every tick, so connections opened since are included.
   */
  constructor(
    private readonly connections: () => Iterable<HeartbeatTarget>,
    pingIntervalMs: number,
  ) {
    this.timer = setInterval(
      () => this.beat(),
      Math.max(1, Math.round(pingIntervalMs / HEARTBEAT_GROUPS)),
    );
  }

  /** One tick: the heartbeat of the group whose turn it is. */
  private beat(): void {
    const group = this.tick % HEARTBEAT_GROUPS;
    this.tick += 1;
    for (const connection of this.connections()) {
      if (connection.id % HEARTBEAT_GROUPS === group) connection.heartbeat();
    }
  }

  /** Stops the ticks (the gateway is closing). */
  stop(): void {
    clearInterval(this.timer);
  }
}
