import { PreparedFrame } from './prepared-frame.js';

/**
 * The part of a WebSocket a connection uses: a `ws` socket itself (no wrapper, which would
 * cost every connection of a reconnect storm an object and its closures), or a fake in unit
 * tests.
 */
export interface WireSocket {
  /** Sends a text frame for a string, a binary one for bytes unless `binary` says otherwise. */
  send(frame: string | Uint8Array, options?: { binary?: boolean }): void;
  /** Bytes queued for the peer and not yet handed to the network. */
  readonly bufferedAmount: number;
  close(code: number, reason: string): void;
  /** Drops the connection at once, without a closing handshake. */
  terminate(): void;
  ping(): void;
}

/** How long a slow consumer closed with 1013 gets to take the close frame before it is cut. */
const SLOW_CONSUMER_GRACE_MS = 1000;

/**
 * Outbound backpressure: sends frames and notices a client that lets more than
 * `maxBufferedBytes` pile up, so one stalled tab cannot make the broker hold memory for ever.
 * The connection decides what to do about it (close with 1013), then {@link cutAfterGrace}.
 */
export class Outbound {
  private dropTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly socket: WireSocket,
    private readonly maxBufferedBytes: number,
  ) {}

  /**
   * Sends one encoded frame.
   * @returns the bytes piled up when they are over the limit, else -1.
   */
  send(frame: string | Uint8Array): number {
    if (frame instanceof PreparedFrame) frame.writeTo(this.socket);
    else this.socket.send(frame);
    const bufferedBytes = this.socket.bufferedAmount;
    return bufferedBytes > this.maxBufferedBytes ? bufferedBytes : -1;
  }

  /** Cuts the socket unless the closing handshake is over within the grace period. */
  cutAfterGrace(): void {
    this.dropTimer ??= setTimeout(() => this.socket.terminate(), SLOW_CONSUMER_GRACE_MS);
  }

  /** The socket closed: no cut is needed any more. */
  dispose(): void {
    clearTimeout(this.dropTimer);
  }
}
