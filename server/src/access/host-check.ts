import type { IncomingMessage } from 'node:http';

/**
 * The `Host` values the broker answers to: `host:port` for each loopback spelling of each port
 * it listens on, lower case. A page on `evil.example` that a DNS rebinding pointed at
 * 127.0.0.1 sends `Host: evil.example:<port>` and is refused before any route runs.
 */
export class HostCheck {
  private readonly allowed: Set<string>;

  constructor(authorities: Iterable<string>) {
    this.allowed = new Set([...authorities].map((authority) => authority.toLowerCase()));
  }

  /** Adds names (LAN mode adds its own); each `host:port`. */
  add(...authorities: string[]): void {
    for (const authority of authorities) this.allowed.add(authority.toLowerCase());
  }

  /** Whether the request's `Host` is one the broker serves. */
  accepts(request: IncomingMessage): boolean {
    const host = request.headers.host;
    return host !== undefined && this.allowed.has(host.toLowerCase());
  }

  /** The names it answers to, for messages. */
  list(): string[] {
    return [...this.allowed];
  }
}

/** The body of a refusal for a foreign `Host`: names no served host, so a rebinding page learns nothing. */
export const MISDIRECTED_MESSAGE =
  'This broker answers only to the loopback names it serves (127.0.0.1, localhost, [::1]).';
