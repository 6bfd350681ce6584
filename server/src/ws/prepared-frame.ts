import type { Duplex } from 'node:stream';
import { WebSocket } from 'ws';
import type { WireSocket } from './outbound.js';

/** ws's sender state when nothing is being compressed or read from a Blob (`lib/sender.js`). */
const SENDER_IDLE = 0;

/** The parts of a `ws` socket the direct write relies on; checked on every write. */
interface WsInternals {
  readyState?: number;
  _socket?: Duplex | null;
  _sender?: { _state?: unknown; _firstFragment?: unknown } | null;
}

/** The header length of a final, unmasked frame with `payloadBytes` of payload. */
function headerBytesFor(payloadBytes: number): number {
  return 2 + (payloadBytes < 126 ? 0 : payloadBytes < 65536 ? 2 : 8);
}

/**
 * Writes the header of a final, unmasked, uncompressed frame (RFC 6455 §5.2) at the start of
 * `target`: FIN and the opcode, then the payload length in 7 bits, or 126 and 16 bits, or 127
 * and 64 bits.
 */
function writeFrameHeader(target: Buffer, payloadBytes: number, binary: boolean): void {
  target[0] = 0x80 | (binary ? 0x2 : 0x1);
  if (payloadBytes < 126) target[1] = payloadBytes;
  else if (payloadBytes < 65536) {
    target[1] = 126;
    target.writeUInt16BE(payloadBytes, 2);
  } else {
    target[1] = 127;
    target.writeBigUInt64BE(BigInt(payloadBytes), 2);
  }
}

/**
 * One encoded message framed once as a complete unmasked, unfragmented WebSocket frame
 * (header and payload in one buffer), to be written as is to every socket that gets it: at
 * thousands of connections, encoding, UTF-8 conversion, header building and a corked double
 * write per socket cost more than the broker's own work.
 *
 * It is a `Uint8Array` of the payload, so it goes through `Connection.sendFrame` (and its
 * slow-consumer check) like any frame; `Outbound.send` recognises it and writes the framed
 * bytes.
 */
export class PreparedFrame extends Uint8Array {
  /** Header and payload, ready for the network. */
  readonly framed: Buffer;

  /**
   * @param encoded the codec's frame: a string for a text frame, bytes for a binary one; or
   * the payload's length in bytes, for a frame whose header is written and whose payload the
   * caller writes into this array next (see {@link PreparedFrame.blank}).
   */
  constructor(
    encoded: string | Uint8Array | number,
    /** Whether it goes out as a binary frame (opcode 2) rather than text (opcode 1). */
    readonly binary: boolean,
  ) {
    const payloadBytes =
      typeof encoded === 'number'
        ? encoded
        : typeof encoded === 'string'
          ? Buffer.byteLength(encoded, 'utf8')
          : encoded.byteLength;
    const headerBytes = headerBytesFor(payloadBytes);
    // One buffer, header then payload: written with one call, copied once.
    const framed = Buffer.allocUnsafe(headerBytes + payloadBytes);
    super(framed.buffer as ArrayBuffer, framed.byteOffset + headerBytes, payloadBytes);
    writeFrameHeader(framed, payloadBytes, binary);
    if (typeof encoded === 'string') framed.write(encoded, headerBytes, 'utf8');
    else if (typeof encoded !== 'number') this.set(encoded);
    this.framed = framed;
  }

  /**
   * A frame of `payloadBytes` whose header is in place and whose payload (this array) the
   * caller fills before sending it: an answer put together from bytes encoded earlier is
   * copied once, into the buffer that goes to the network.
   */
  static blank(payloadBytes: number, binary: boolean): PreparedFrame {
    return new PreparedFrame(payloadBytes, binary);
  }

  /**
   * Writes the frame to `ws`. The bytes go straight to its TCP socket only when `ws` would
   * have written them there itself at once: open, its sender idle (no compression or Blob
   * read queued ahead, so order is kept) and between messages. Otherwise (or on a socket that
   * is not `ws`'s) `send` frames the payload as usual. Either way the bytes count in
   * `ws.bufferedAmount`, so a slow consumer is still seen.
   */
  writeTo(ws: WireSocket): void {
    const internals = ws as unknown as WsInternals;
    const socket = internals._socket;
    const sender = internals._sender;
    if (
      internals.readyState === WebSocket.OPEN &&
      socket != null &&
      sender != null &&
      sender._state === SENDER_IDLE &&
      sender._firstFragment === true
    ) {
      socket.write(this.framed);
      return;
    }
    ws.send(this, { binary: this.binary });
  }
}
