import type { Socket } from 'node:net';
import type { PeerOwner, PeerOwnerCheck } from '@nhicard/native';
import type { Logger } from 'pino';

/**
 * Whose process each connection comes from, asked of the operating system once per TCP
 * connection (an HTTP keep-alive connection carries many requests). With `sameUserOnly` off
 * (the configuration says any local user may connect), every caller counts as the same user.
 */
export class CallerIdentity {
  private readonly owners = new WeakMap<Socket, Promise<PeerOwner>>();

  constructor(
    private readonly check: PeerOwnerCheck | null,
    private readonly logger: Logger,
  ) {}

  /** Whose process opened `socket`; `other` when the system's answer cannot be had. */
  ownerOf(socket: Socket): Promise<PeerOwner> {
    const check = this.check;
    if (check === null) return Promise.resolve('same');
    let owner = this.owners.get(socket);
    if (owner === undefined) {
      owner = check
        .ownerOf({
          peerAddress: socket.remoteAddress ?? '',
          peerPort: socket.remotePort ?? 0,
          localAddress: socket.localAddress ?? '',
          localPort: socket.localPort ?? 0,
        })
        .catch((error: unknown) => {
          // Fail closed: a caller the broker cannot place is treated as another user.
          this.logger.warn({ detail: String(error) }, 'peer owner lookup failed');
          return 'other' as const;
        });
      this.owners.set(socket, owner);
    }
    return owner;
  }
}
