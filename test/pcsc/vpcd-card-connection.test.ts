import { createServer, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { EmulatedNhiCard } from './emulated-nhi-card.js';
import { setTcpQuickAck } from './tcp-quickack.js';
import { VpcdCardConnection, VpcdFrameReader, vpcdFrame } from './vpcd-card-connection.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('vpcd frames', () => {
  it('prefix the payload with its 2-byte big-endian length', () => {
    expect(hex(vpcdFrame(Uint8Array.of(0x3b, 0x00)))).toBe('00023b00');
  });

  it('are split back out of a stream cut anywhere', () => {
    const reader = new VpcdFrameReader();
    expect(reader.push(Uint8Array.of(0x00))).toEqual([]);
    expect(reader.push(Uint8Array.of(0x01, 0x04, 0x00, 0x02, 0x90))).toEqual([Uint8Array.of(0x04)]);
    expect(reader.push(Uint8Array.of(0x00))).toEqual([Uint8Array.of(0x90, 0x00)]);
  });
});

describe('VpcdCardConnection against a stand-in vpcd', () => {
  const sockets: Socket[] = [];
  const server = createServer((socket) => sockets.push(socket));

  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.destroy();
    server.close();
  });

  it('answers the ATR request and APDUs, logs them, and ends when vpcd closes', async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const card = new EmulatedNhiCard({
      kind: 'nhi',
      basicData: new Array(57).fill(0x41),
      protocol: 'T=1',
      selectAnswer: '9000',
      fault: 'none',
    });
    const connection = await VpcdCardConnection.open(port, card);
    await new Promise<void>((resolve) => {
      const check = () => (sockets.length > 0 ? resolve() : setTimeout(check, 5));
      check();
    });
    const vpcd = sockets[0] as Socket;
    const frames = new VpcdFrameReader();
    const received: string[] = [];
    vpcd.on('data', (chunk) => received.push(...frames.push(chunk).map(hex)));
    vpcd.write(vpcdFrame(Uint8Array.of(0x01)));
    vpcd.write(vpcdFrame(Uint8Array.of(0x04)));
    vpcd.write(vpcdFrame(Uint8Array.of(0x00, 0xa4, 0x04, 0x00, 0x02, 0x3f, 0x00)));
    await new Promise<void>((resolve) => {
      const check = () => (received.length >= 2 ? resolve() : setTimeout(check, 5));
      check();
    });
    expect(received).toEqual(['3b80800101', '6a82']);
    expect(connection.exchanges).toEqual([{ command: '00a40400023f00', response: '6a82' }]);
    expect(connection.quickAck).toBe(process.platform === 'linux');
    vpcd.destroy();
    expect(await connection.ended).toBe('reader-closed');
  });

  it('cannot set TCP_QUICKACK on a socket that is not connected', () => {
    expect(setTcpQuickAck(new Socket())).toBe(false);
  });
});
