import type { Scope } from '@nhicard/protocol';
import type { AccessOptions } from '../server-options.js';
import { AccessPolicy, brokerOrigins, loopbackAuthorities } from '../ws/access-control.js';
import type { ConsentStore } from './consent-store.js';
import { HostCheck } from './host-check.js';

/** The ports the broker listens on, once listening (the real ones where 0 was asked). */
export interface ListeningPorts {
  readonly http: number;
  /** The `wss://` port; null without `tls`. */
  readonly secure: number | null;
  /** The presence origin's port; null when the examples are not served. */
  readonly presence: number | null;
}

/**
 * Who may connect to a broker listening on `host` at `ports`: the configured origins and tokens
 * with their scopes; the broker's own pages with every scope on the simulator (where they drive
 * it) and `presence` + `read` otherwise; the presence origin with `presence` only. The Host
 * check accepts the loopback names of every port.
 */
export function listenerAccess(
  host: string,
  ports: ListeningPorts,
  access: AccessOptions | undefined,
  simulator: boolean,
  consent: ConsentStore | null,
): { policy: AccessPolicy; hosts: HostCheck } {
  const ownScopes: Scope[] = simulator ? ['presence', 'read', 'admin'] : ['presence', 'read'];
  const presenceOrigins = ports.presence === null ? [] : brokerOrigins(host, ports.presence);
  const policy = new AccessPolicy({
    // The presence origin is set last so that no configured entry can widen it.
    origins: {
      ...access?.origins,
      ...Object.fromEntries(presenceOrigins.map((origin) => [origin, ['presence'] as Scope[]])),
    },
    tokens: access?.tokens ?? {},
    ownOrigins: Object.fromEntries(
      [
        ...brokerOrigins(host, ports.http),
        ...(ports.secure === null ? [] : brokerOrigins(host, ports.secure, 'https')),
      ].map((origin) => [origin, ownScopes]),
    ),
    sameUserScopes: ownScopes,
    consent,
  });
  const hosts = new HostCheck(
    [ports.http, ports.secure, ports.presence].flatMap((port) =>
      port === null ? [] : loopbackAuthorities(host, port),
    ),
  );
  return { policy, hosts };
}
