import type { HelloMessage } from '@nhicard/protocol';
import type { ConnectionState } from './connection-state.js';
import {
  type LocalNetworkPermission,
  localNetworkGateApplies,
  localNetworkPermission,
  watchLocalNetworkPermission,
} from './local-network.js';
import { clientError, type NhiCardError } from './nhicard-error.js';

/** The part of the connection the gate drives. */
export interface GatedConnection {
  readonly state: ConnectionState;
  readonly hello: HelloMessage | null;
  readonly ended: boolean;
  connect(): void;
  onState(listener: (state: ConnectionState) => void): () => void;
}

/**
 * Holds the first connection back while the browser would have to ask the user for Local
 * Network Access (state `prompt`): Chrome's guidance is not to reach loopback on page load then,
 * but from a user's action (`client.requestAccess()` behind a button). Connects by itself once
 * the permission is granted (e.g. by policy or in the site settings), and at once where no
 * permission is involved (Node, other browsers, a page on loopback, state `granted`/`denied`).
 */
export class LocalNetworkGate {
  private holding = false;
  private stopWatching: () => void = () => {};

  constructor(private readonly connection: GatedConnection) {}

  /** Whether the first connection waits for the permission (requests stay queued meanwhile). */
  get waiting(): boolean {
    return this.holding;
  }

  /** Connects now, or as soon as no permission prompt would be fired by it. */
  autoConnect(): void {
    if (!localNetworkGateApplies()) {
      this.connection.connect();
      return;
    }
    this.holding = true;
    localNetworkPermission().then((state) => {
      if (!this.holding || this.connection.ended) return;
      if (state !== 'prompt') {
        this.release();
        return;
      }
      this.stopWatching = watchLocalNetworkPermission((next: LocalNetworkPermission) => {
        if (next === 'granted' && this.holding && !this.connection.ended) this.release();
      });
    });
  }

  /**
   * Connects now (from a user's action, so the browser may ask): after a refusal or giving up
   * too. Resolves with the broker's `hello` once open; rejects with the refusal (`accessError`)
   * or `DISCONNECTED` when the client stops without one.
   */
  request(refusal: () => NhiCardError | null): Promise<HelloMessage> {
    this.holding = false;
    this.stopWatching();
    const open = this.connection.hello;
    if (this.connection.state.status === 'open' && open !== null) return Promise.resolve(open);
    return new Promise((resolve, reject) => {
      let stop: (() => void) | undefined;
      let settled = false;
      const settle = (state: ConnectionState): void => {
        if (settled || (state.status !== 'open' && state.status !== 'closed')) return;
        settled = true;
        stop?.();
        const hello = this.connection.hello;
        if (state.status === 'open' && hello !== null) resolve(hello);
        else reject(refusal() ?? clientError('DISCONNECTED', 'Not connected: the client stopped.'));
      };
      stop = this.connection.onState(settle);
      if (this.connection.ended) {
        settle(this.connection.state);
        return;
      }
      this.connection.connect();
    });
  }

  /** Stops waiting (the client is closing). */
  end(): void {
    this.holding = false;
    this.stopWatching();
  }

  private release(): void {
    this.holding = false;
    this.stopWatching();
    this.connection.connect();
  }
}
