import { describe, expect, it } from 'vitest';
import { windowsPeerOwnerCheck } from './peer-owner.js';
import { owningPidOf, parseWindowsTcpTable, windowsPeerOwner } from './windows-tcp-table.js';
import type { WindowsOwnerApi } from './windows-token-user.js';

// A MIB_TCPTABLE_OWNER_PID buffer laid out as GetExtendedTcpTable fills it on x64 Windows:
// count 3; a listener on 127.0.0.1:7766 (pid 4242, the broker); the broker's accepted socket
// 127.0.0.1:7766 → 127.0.0.1:50001 (pid 4242); and the client's socket 127.0.0.1:50001 →
// 127.0.0.1:7766 (pid 7331).
const RECORDED_IPV4_TABLE = Buffer.from(
  [
    '03000000',
    '02000000 7f000001 1e560000 00000000 00000000 92100000',
    '05000000 7f000001 1e560000 7f000001 c3510000 92100000',
    '05000000 7f000001 c3510000 7f000001 1e560000 a31c0000',
  ]
    .join('')
    .replace(/\s/g, ''),
  'hex',
);

// MIB_TCP6TABLE_OWNER_PID: one row, [::1]:50002 → [::1]:7766, established, pid 9001.
const RECORDED_IPV6_TABLE = Buffer.from(
  [
    '01000000',
    '00000000000000000000000000000001 00000000 c3520000',
    '00000000000000000000000000000001 00000000 1e560000',
    '05000000 29230000',
  ]
    .join('')
    .replace(/\s/g, ''),
  'hex',
);

const ends = {
  peerAddress: '127.0.0.1',
  peerPort: 50001,
  localAddress: '127.0.0.1',
  localPort: 7766,
};
const BROKER_SID = Uint8Array.from([1, 5, 0, 0, 0, 0, 0, 5, 21, 0, 0, 0, 1, 2, 3, 4]);
const OTHER_SID = Uint8Array.from([1, 5, 0, 0, 0, 0, 0, 5, 21, 0, 0, 0, 1, 2, 3, 5]);

describe('the Windows TCP owner table', () => {
  it('parses recorded IPv4 and IPv6 tables', () => {
    const rows = parseWindowsTcpTable(RECORDED_IPV4_TABLE, 4);
    expect(rows.map((row) => [row.state, row.localPort, row.remotePort, row.owningPid])).toEqual([
      [2, 7766, 0, 4242],
      [5, 7766, 50001, 4242],
      [5, 50001, 7766, 7331],
    ]);
    const rows6 = parseWindowsTcpTable(RECORDED_IPV6_TABLE, 6);
    expect(rows6.map((row) => [row.state, row.localPort, row.remotePort, row.owningPid])).toEqual([
      [5, 50002, 7766, 9001],
    ]);
    expect(
      owningPidOf(
        rows6,
        { peerAddress: '::1', peerPort: 50002, localAddress: '::1', localPort: 7766 },
        6,
      ),
    ).toBe(9001);
  });

  it('takes the client end, never the broker end, and cuts a count the buffer cannot hold', () => {
    const rows = parseWindowsTcpTable(RECORDED_IPV4_TABLE, 4);
    expect(owningPidOf(rows, ends, 4)).toBe(7331);
    expect(owningPidOf(rows, { ...ends, peerPort: 50009 }, 4)).toBeUndefined();
    const lying = Buffer.from(RECORDED_IPV4_TABLE);
    lying.writeUInt32LE(1000, 0);
    expect(parseWindowsTcpTable(lying, 4)).toHaveLength(3);
  });

  it('decides same only when the owning process has the broker user SID', () => {
    const sids = new Map([
      [7331, OTHER_SID],
      [4242, BROKER_SID],
    ]);
    const sidOf = (pid: number) => sids.get(pid) ?? null;
    expect(windowsPeerOwner(7331, sidOf, BROKER_SID)).toBe('other');
    expect(windowsPeerOwner(4242, sidOf, BROKER_SID)).toBe('same');
    expect(windowsPeerOwner(undefined, sidOf, BROKER_SID)).toBe('other');
    // A process whose token cannot be opened (another user's elevated process): other.
    expect(windowsPeerOwner(1, sidOf, BROKER_SID)).toBe('other');
  });

  it('runs the whole check on recorded tables', async () => {
    const api: WindowsOwnerApi = {
      tcpTable: (family) =>
        parseWindowsTcpTable(family === 4 ? RECORDED_IPV4_TABLE : RECORDED_IPV6_TABLE, family),
      sidOfPid: (pid) => (pid === 7331 ? OTHER_SID : pid === 9001 ? BROKER_SID : null),
      ownSid: () => BROKER_SID,
    };
    const check = windowsPeerOwnerCheck(api);
    expect(await check.ownerOf(ends)).toBe('other');
    expect(
      await check.ownerOf({
        peerAddress: '::1',
        peerPort: 50002,
        localAddress: '::1',
        localPort: 7766,
      }),
    ).toBe('same');
  });
});
