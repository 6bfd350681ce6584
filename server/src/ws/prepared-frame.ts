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

/**
 * The header of a final, unmasked, uncompressed frame (RFC 6455 §5.2): FIN and the opcode,
 * then the payload length in 7 bits, or 126 and 16 bits, or 127 and 64 bits.
 */
function frameHeader(payloadBytes: number, binary: boolean): Buffer {
  const lengthBytes = payloadBytes < 126 ? 0 : payloadBytes < 65536 ? 2 : 8;
  const header = Buffer.alloc(2 + lengthBytes);
  header[0] = 0x80 | (binary ? 0x2 : 0x1);
  if (lengthBytes === 0) header[1] = payloadBytes;
  else if (lengthBytes === 2) {
    header[1] = 126;
    header.writeUInt16BE(payloadBytes, 2);
  } else {
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(payloadBytes), 2);
  }
  return header;
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
   * @param encoded the codec's frame: a string for a text frame, bytes for a binary one.
   */
  constructor(
    encoded: string | Uint8Array,
    /** Whether it goes out as a binary frame (opcode 2) rather than text (opcode 1). */
    readonly binary: boolean,
  ) {
    const payload =
      typeof encoded === 'string'
        ? Buffer.from(encoded, 'utf8')
        : Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength);
    super(payload.buffer as ArrayBuffer, payload.byteOffset, payload.byteLength);
    this.framed = Buffer.concat([frameHeader(payload.byteLength, binary), payload]);
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
