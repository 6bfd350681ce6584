/** Resolves true when the broker answers at `healthUrl` at all, false when it cannot be reached. */
export type BrokerProbe = (healthUrl: string) => Promise<boolean>;

/** `ws://host:port/v1` → `http://host:port/healthz` (`wss:` → `https:`). */
export function healthUrlOf(wsUrl: string): string {
  const url = new URL(wsUrl);
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  url.pathname = '/healthz';
  url.search = '';
  return url.toString();
}

/**
 * A plain `no-cors` request: an opaque answer still proves the broker is listening, and a
 * refused connection rejects at once, so it costs next to nothing while the broker is down.
 */
const fetchProbe: BrokerProbe = async (healthUrl) => {
  const fetchImpl = (globalThis as { fetch?: typeof fetch }).fetch;
  if (fetchImpl === undefined) return false;
  try {
    await fetchImpl(healthUrl, { mode: 'no-cors', cache: 'no-store', credentials: 'omit' });
    return true;
  } catch {
    return false;
  }
};

/**
 * While a reconnect waits out its backoff, asks every `intervalMs` whether the broker is back,
 * and retries at once when it is: a page reconnects within about `intervalMs` of a broker
 * restart instead of after a backoff grown to many seconds. Once per outage: should that retry
 * fail too (a broker that answers HTTP but refuses this page), the backoff runs its course until
 * the next successful connection.
 */
export class ReconnectProbe {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;
  private spent = false;

  constructor(
    private readonly healthUrl: string,
    private readonly intervalMs: number,
    private readonly probe: BrokerProbe = fetchProbe,
  ) {}

  /** Starts probing for a retry due in `delayMs`; `retryNow` runs when the broker answers. */
  start(delayMs: number, retryNow: () => void): void {
    this.stop();
    if (this.spent || this.intervalMs <= 0 || delayMs <= this.intervalMs) return;
    const generation = this.generation;
    const schedule = (): void => {
      this.timer = setTimeout(async () => {
        this.timer = undefined;
        const answered = await this.probe(this.healthUrl);
        if (generation !== this.generation) return;
        if (!answered) {
          schedule();
          return;
        }
        this.spent = true;
        retryNow();
      }, this.intervalMs);
    };
    schedule();
  }

  /** Stops probing (a retry is under way, or the client closed). */
  stop(): void {
    this.generation += 1;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** A connection succeeded: the next outage may use a probe again. */
  connected(): void {
    this.stop();
    this.spent = false;
  }
}
