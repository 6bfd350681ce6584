import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import { Outbound } from './outbound.js';
import { PreparedFrame } from './prepared-frame.js';

interface Received {
  text: string;
  binary: boolean;
}

const textOf = (data: RawData): string =>
  Array.isArray(data)
    ? Buffer.concat(data).toString('utf8')
    : Buffer.from(data as Buffer).toString('utf8');

describe('PreparedFrame', () => {
  let server: WebSocketServer;
  let serverSide: WebSocket;
  let client: WebSocket;
  const received: Received[] = [];

  beforeEach(async () => {
    received.length = 0;
    server = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const accepted = new Promise<WebSocket>((resolve) => server.once('connection', resolve));
    client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    client.on('message', (data, isBinary) =>
      received.push({ text: textOf(data), binary: isBinary }),
    );
    serverSide = await accepted;
    await new Promise<void>((resolve) => client.once('open', () => resolve()));
  });

  afterEach(async () => {
    client.terminate();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const until = async (count: number): Promise<void> => {
    while (received.length < count) await new Promise((resolve) => setImmediate(resolve));
  };

  it('arrives as the same text or binary message for every length form, in order with ws.send', async () => {
    const short = 'é'.repeat(20); // 40 bytes: 7-bit length
    const medium = `{"a":"${'x'.repeat(300)}"}`; // 16-bit length
    const long = 'z'.repeat(70_000); // 64-bit length
    const socket = new Outbound(serverSide, Number.POSITIVE_INFINITY);
    socket.send('before');
    socket.send(new PreparedFrame(short, false));
    socket.send(new PreparedFrame(medium, false));
    socket.send(new PreparedFrame(new TextEncoder().encode(long), true));
    socket.send(new PreparedFrame('', false));
    socket.send(new Uint8Array([104, 105]));
    await until(6);
    expect(received).toEqual([
      { text: 'before', binary: false },
      { text: short, binary: false },
      { text: medium, binary: false },
      { text: long, binary: true },
      { text: '', binary: false },
      { text: 'hi', binary: true },
    ]);
  });

  it('holds the payload bytes and counts in bufferedAmount like any send', () => {
    const frame = new PreparedFrame('{"seq":1}', false);
    expect(Buffer.from(frame).toString('utf8')).toBe('{"seq":1}');
    expect([...frame.framed.subarray(0, 2)]).toEqual([0x81, 9]);
    const socket = new Outbound(serverSide, Number.POSITIVE_INFINITY);
    serverSide.pause();
    client.pause();
    // 32 MiB in one go: more than loopback takes at once, so some stays queued in the socket.
    const frame1MiB = new PreparedFrame('x'.repeat(1024 * 1024), false);
    for (let index = 0; index < 32; index += 1) socket.send(frame1MiB);
    expect(serverSide.bufferedAmount).toBeGreaterThan(0);
  });

  it("leaves a blank frame's payload to the caller, its header already written", async () => {
    const text = `{"id":7,"pad":"${'y'.repeat(200)}"}`; // 16-bit length
    const frame = PreparedFrame.blank(Buffer.byteLength(text), false);
    frame.set(Buffer.from(text, 'utf8'));
    expect([...frame.framed.subarray(0, 4)]).toEqual([0x81, 126, 0, text.length]);
    expect(frame.framed.subarray(4).toString('utf8')).toBe(text);
    const bytes = PreparedFrame.blank(2, true);
    bytes.set([0xc3, 0xc2]);
    expect([...bytes.framed]).toEqual([0x82, 2, 0xc3, 0xc2]);
    const socket = new Outbound(serverSide, Number.POSITIVE_INFINITY);
    socket.send(frame);
    socket.send(bytes);
    await until(2);
    expect(received).toEqual([
      { text, binary: false },
      { text: Buffer.from([0xc3, 0xc2]).toString('utf8'), binary: true },
    ]);
  });

  it('writes the framed bytes itself on an open socket (ws internals as expected)', async () => {
    // If a ws upgrade renames the internals the direct write relies on, frames still arrive
    // through ws.send: this test is what notices the fan-out lost its shortcut.
    const viaWs = vi.spyOn(serverSide, 'send');
    new Outbound(serverSide, Number.POSITIVE_INFINITY).send(new PreparedFrame('{"seq":2}', false));
    expect(viaWs).not.toHaveBeenCalled();
    await until(1);
    expect(received).toEqual([{ text: '{"seq":2}', binary: false }]);
  });

  it('falls back to ws.send once the socket is closing', async () => {
    const socket = new Outbound(serverSide, Number.POSITIVE_INFINITY);
    const viaWs = vi.spyOn(serverSide, 'send');
    serverSide.close(1000, 'done');
    expect(() => socket.send(new PreparedFrame('late', false))).not.toThrow();
    expect(viaWs).toHaveBeenCalledTimes(1);
    await new Promise<void>((resolve) => client.once('close', () => resolve()));
    expect(received).toEqual([]);
  });
});
