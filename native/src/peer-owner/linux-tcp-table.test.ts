import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { kernelEndpoint, ownerUidIn } from './linux-tcp-table.js';
import { linuxPeerOwnerCheck } from './peer-owner.js';

// Two lines as a little-endian kernel writes them: a listener, and a client socket of uid 1000
// on 127.0.0.1:42603 talking to the broker on 127.0.0.1:7766.
const RECORDED_TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1E56 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1079 1 000000000f6c6fb5 100 0 0 10 0
   1: 0100007F:A66B 0100007F:1E56 01 00000000:00000000 00:00000000 00000000  1000        0 5120 1 0000000021c8a329 20 4 30 10 -1
`;
// ::1 port 40000 → ::1 port 7766, owned by uid 1001.
const RECORDED_TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000001000000:9C40 00000000000000000000000001000000:1E56 01 00000000:00000000 00:00000000 00000000  1001        0 7001 1 0000000000000000 20 4 30 10 -1
`;

// The ends of that uid-1000 client's connection, as the broker's accepted socket sees them.
const ends = {
  peerAddress: '127.0.0.1',
  peerPort: 0xa66b,
  localAddress: '127.0.0.1',
  localPort: 7766,
};

describe('the Linux TCP table', () => {
  it('spells endpoints as the kernel does', () => {
    expect(kernelEndpoint('127.0.0.1', 7766, 4, true)).toBe('0100007F:1E56');
    expect(kernelEndpoint('::ffff:127.0.0.1', 7766, 4, true)).toBe('0100007F:1E56');
    expect(kernelEndpoint('::1', 7766, 6, true)).toBe('00000000000000000000000001000000:1E56');
    expect(kernelEndpoint('127.0.0.1', 7766, 4, false)).toBe('7F000001:1E56');
    expect(kernelEndpoint('not an address', 1, 4, true)).toBeNull();
  });

  it('finds the owner of the client end in recorded rows, and nothing for other ends', () => {
    expect(ownerUidIn(RECORDED_TCP, ends, 4, true)).toBe(1000);
    // The broker's own accepted socket has the ends the other way round: never taken for the client.
    expect(
      ownerUidIn(RECORDED_TCP, { ...ends, peerPort: 7766, localPort: 0xa66b }, 4, true),
    ).toBeUndefined();
    expect(ownerUidIn(RECORDED_TCP, { ...ends, peerPort: 1 }, 4, true)).toBeUndefined();
    expect(
      ownerUidIn(
        RECORDED_TCP6,
        { peerAddress: '::1', peerPort: 40000, localAddress: '::1', localPort: 7766 },
        6,
        true,
      ),
    ).toBe(1001);
  });

  it("skips a line with both ends but not the kernel's shape, and finds the real row after it", () => {
    const forged = `  sl  local_address rem_address   st\n junk 0100007F:A66B 0100007F:1E56 01 x\n${RECORDED_TCP.split('\n').slice(1).join('\n')}`;
    expect(ownerUidIn(forged, ends, 4, true)).toBe(1000);
    expect(ownerUidIn(' 0100007F:A66B 0100007F:1E56 01\n', ends, 4, true)).toBeUndefined();
  });
});

describe('the Linux peer-owner check, reading the table', () => {
  /** A table without the client's row: what a read that began before the connect sees. */
  const BEFORE_CONNECT = RECORDED_TCP.split('\n').slice(0, 2).join('\n');

  it('shares reads between lookups, and never hands a lookup a read that began before it', async () => {
    const reads: { path: string; resolve: (text: string) => void }[] = [];
    const check = linuxPeerOwnerCheck(1000, '/proc', (path) => {
      return new Promise((resolve) => reads.push({ path, resolve }));
    });
    const first = check.ownerOf(ends);
    expect(reads.map((read) => read.path)).toEqual(['/proc/net/tcp']);
    // These ask while the first read is under way: they share the one queued behind it.
    const queued = Array.from({ length: 39 }, () => check.ownerOf(ends));
    expect(reads).toHaveLength(1);
    reads[0]?.resolve(RECORDED_TCP);
    expect(await first).toBe('same');
    await until(() => reads.length === 2);
    // This one asks while the second read is under way: it gets a third, not the second.
    const later = check.ownerOf(ends);
    reads[1]?.resolve(BEFORE_CONNECT);
    expect(await Promise.all(queued)).toEqual(Array(39).fill('other'));
    await until(() => reads.length === 3);
    reads[2]?.resolve(RECORDED_TCP);
    expect(await later).toBe('same');
    expect(reads).toHaveLength(3);
  });

  it('fails only the lookups that shared a failed read; the next read is fresh', async () => {
    let reads = 0;
    const check = linuxPeerOwnerCheck(1000, '/proc', async () => {
      reads += 1;
      if (reads === 1) throw new Error('EACCES: /proc/net/tcp');
      return RECORDED_TCP;
    });
    const outcomes = await Promise.allSettled([
      check.ownerOf(ends),
      check.ownerOf(ends),
      check.ownerOf(ends),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    expect(reads).toBe(2);
  });
});

/** Resolves once `ready()` holds, checking after each turn of the event loop. */
async function until(ready: () => boolean): Promise<void> {
  while (!ready()) await new Promise((resolve) => setImmediate(resolve));
}

describe('the Linux peer-owner check on real sockets', () => {
  const sockets: Socket[] = [];
  afterEach(() => {
    for (const socket of sockets) socket.destroy();
  });

  it.skipIf(process.platform !== 'linux')(
    'says same for this process and other for another uid',
    async () => {
      const server = createServer((socket) => sockets.push(socket));
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('no port');
      const accepted = once(server, 'connection') as Promise<[Socket]>;
      const client = connect(address.port, '127.0.0.1');
      sockets.push(client);
      const [socket] = await accepted;
      const ends = {
        peerAddress: socket.remoteAddress ?? '',
        peerPort: socket.remotePort ?? 0,
        localAddress: socket.localAddress ?? '',
        localPort: socket.localPort ?? 0,
      };
      const uid = process.getuid?.() ?? -1;
      expect(await linuxPeerOwnerCheck(uid).ownerOf(ends)).toBe('same');
      expect(await linuxPeerOwnerCheck(uid + 1).ownerOf(ends)).toBe('other');
      server.close();
    },
  );
});
