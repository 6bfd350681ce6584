import { connect, type Socket } from 'node:net';
import type { EmulatedNhiCard } from './emulated-nhi-card.js';
import { setTcpQuickAck } from './tcp-quickack.js';

/** vpcd's control messages: one-byte frames from the reader. */
const POWER_OFF = 0x00;
const POWER_ON = 0x01;
const RESET = 0x02;
const GET_ATR = 0x04;

/** One APDU exchange as the card saw it (hex), for tests to check what the driver sent. */
export interface ApduExchange {
  /** The command APDU. */
  command: string;
  /** The response APDU; null when the card stayed silent or dropped the connection. */
  response: string | null;
}

/** Why a card's connection ended. */
export type DisconnectReason = 'removed' | 'fault' | 'reader-closed';

/** Encodes one vpcd frame: 2-byte big-endian length, then the payload. */
export function vpcdFrame(payload: Uint8Array): Buffer {
  const frame = Buffer.alloc(2 + payload.length);
  frame.writeUInt16BE(payload.length, 0);
  frame.set(payload, 2);
  return frame;
}

/**
 * Splits a byte stream into vpcd frames: feed it chunks, it returns the complete payloads and
 * keeps the rest for the next chunk.
 */
export class VpcdFrameReader {
  private pending = Buffer.alloc(0);

  /** The payloads completed by `chunk`. */
  push(chunk: Uint8Array): Uint8Array[] {
    this.pending = Buffer.concat([this.pending, chunk]);
    const payloads: Uint8Array[] = [];
    while (this.pending.length >= 2) {
      const length = this.pending.readUInt16BE(0);
      if (this.pending.length < 2 + length) break;
      payloads.push(Uint8Array.from(this.pending.subarray(2, 2 + length)));
      this.pending = this.pending.subarray(2 + length);
    }
    return payloads;
  }
}

/**
 * An emulated card in a vpcd slot: a TCP client of vpcd (connecting inserts the card, closing
 * removes it) answering the reader's frames with `card`. `TCP_QUICKACK` is set after every read
 * so APDUs take a fraction of a millisecond instead of ~40 ms.
 */
export class VpcdCardConnection {
  /** Every APDU the card received, in order. */
  readonly exchanges: ApduExchange[] = [];
  /** Resolves with the reason once the connection has ended. */
  readonly ended: Promise<DisconnectReason>;
  /** Whether `TCP_QUICKACK` is on (false: asked not to, or it could not be set; APDUs then take ~40 ms more). */
  quickAck: boolean;
  private reason: DisconnectReason = 'reader-closed';

  private constructor(
    private readonly socket: Socket,
    private readonly card: EmulatedNhiCard,
    quickAck: boolean,
  ) {
    this.quickAck = quickAck;
    this.ended = new Promise((resolve) => socket.once('close', () => resolve(this.reason)));
    const frames = new VpcdFrameReader();
    socket.on('data', (chunk) => {
      if (this.quickAck) this.quickAck = setTcpQuickAck(socket);
      for (const payload of frames.push(chunk)) this.answer(payload);
    });
    socket.on('error', () => {
      // The close event follows and ends the connection.
    });
  }

  /**
   * Connects `card` to vpcd's slot on `port` (35963 is slot 0); resolves once connected.
   * `quickAck: false` leaves `TCP_QUICKACK` off, to measure what it saves.
   */
  static open(port: number, card: EmulatedNhiCard, quickAck = true): Promise<VpcdCardConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port, noDelay: true });
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new VpcdCardConnection(socket, card, quickAck));
      });
    });
  }

  /** Pulls the card out: closes the connection. */
  async remove(): Promise<void> {
    this.reason = 'removed';
    this.socket.destroy();
    await this.ended;
  }

  private answer(payload: Uint8Array): void {
    if (payload.length === 1) {
      const control = payload[0];
      if (control === GET_ATR) this.socket.write(vpcdFrame(this.card.atr()));
      else if (control === POWER_OFF || control === POWER_ON || control === RESET) {
        this.card.powerCycle();
      }
      return;
    }
    const command = Buffer.from(payload).toString('hex');
    const answer = this.card.respond(payload);
    if (answer.kind === 'response') {
      this.exchanges.push({ command, response: Buffer.from(answer.bytes).toString('hex') });
      this.socket.write(vpcdFrame(answer.bytes));
      return;
    }
    this.exchanges.push({ command, response: null });
    if (answer.kind === 'disconnect') {
      this.reason = 'fault';
      this.socket.destroy();
    }
  }
}
