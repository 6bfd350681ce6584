/** Pings a connection may leave unanswered before it counts as dead. */
const MAX_MISSED_PONGS = 2;

/**
 * The server side of the heartbeat: a half-open TCP connection otherwise lingers for hours.
 * Any frame or pong from the client counts as a sign of life.
 */
export class Liveness {
  private missedPongs = 0;

  /** The client showed it is there. */
  heard(): void {
    this.missedPongs = 0;
  }

  /** One heartbeat tick: `'ping'` to ping again, `'dead'` when the last pings went unanswered. */
  tick(): 'ping' | 'dead' {
    if (this.missedPongs >= MAX_MISSED_PONGS) return 'dead';
    this.missedPongs += 1;
    return 'ping';
  }
}
