import { asIpv4, ipv6Bytes, type TcpConnectionEnds } from './peer-endpoint.js';

/** One row of `GetExtendedTcpTable(…, TCP_TABLE_OWNER_PID_ALL)`: both ends and the owning process. */
export interface WindowsTcpRow {
  localAddress: Uint8Array;
  localPort: number;
  remoteAddress: Uint8Array;
  remotePort: number;
  /** MIB_TCP_STATE (5 = established). */
  state: number;
  owningPid: number;
}

/** `AF_INET` and `AF_INET6` as `GetExtendedTcpTable` takes them. */
export const WINDOWS_AF = { inet: 2, inet6: 23 } as const;
/** `TCP_TABLE_OWNER_PID_ALL`: every connection with the process that owns it. */
export const TCP_TABLE_OWNER_PID_ALL = 5;

const IPV4_ROW_BYTES = 24;
const IPV6_ROW_BYTES = 56;

// Ports are stored in network byte order in the low 16 bits of a DWORD: the first two bytes.
const portAt = (table: Uint8Array, offset: number): number =>
  ((table[offset] ?? 0) << 8) | (table[offset + 1] ?? 0);

/**
 * The rows of a `MIB_TCPTABLE_OWNER_PID` (`family` 4) or `MIB_TCP6TABLE_OWNER_PID` (6) as
 * `GetExtendedTcpTable` fills the buffer: a DWORD count, then fixed-size rows. A count the
 * buffer cannot hold is cut to what it holds.
 */
export function parseWindowsTcpTable(table: Uint8Array, family: 4 | 6): WindowsTcpRow[] {
  if (table.byteLength < 4) return [];
  const view = new DataView(table.buffer, table.byteOffset, table.byteLength);
  const rowBytes = family === 4 ? IPV4_ROW_BYTES : IPV6_ROW_BYTES;
  const count = Math.min(view.getUint32(0, true), Math.floor((table.byteLength - 4) / rowBytes));
  const rows: WindowsTcpRow[] = [];
  for (let index = 0; index < count; index += 1) {
    const at = 4 + index * rowBytes;
    if (family === 4) {
      // dwState, dwLocalAddr, dwLocalPort, dwRemoteAddr, dwRemotePort, dwOwningPid
      rows.push({
        state: view.getUint32(at, true),
        localAddress: table.slice(at + 4, at + 8),
        localPort: portAt(table, at + 8),
        remoteAddress: table.slice(at + 12, at + 16),
        remotePort: portAt(table, at + 16),
        owningPid: view.getUint32(at + 20, true),
      });
    } else {
      // ucLocalAddr[16], dwLocalScopeId, dwLocalPort, ucRemoteAddr[16], dwRemoteScopeId,
      // dwRemotePort, dwState, dwOwningPid
      rows.push({
        localAddress: table.slice(at, at + 16),
        localPort: portAt(table, at + 20),
        remoteAddress: table.slice(at + 24, at + 40),
        remotePort: portAt(table, at + 44),
        state: view.getUint32(at + 48, true),
        owningPid: view.getUint32(at + 52, true),
      });
    }
  }
  return rows;
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.byteLength === b.byteLength && a.every((byte, index) => byte === b[index]);

/**
 * The process id that owns the client's end of `ends`: the row whose local end is the client's
 * and whose remote end is the broker's. Undefined when no row matches.
 */
export function owningPidOf(
  rows: readonly WindowsTcpRow[],
  ends: TcpConnectionEnds,
  family: 4 | 6,
): number | undefined {
  const bytesOf = family === 4 ? asIpv4 : ipv6Bytes;
  const client = bytesOf(ends.peerAddress);
  const broker = bytesOf(ends.localAddress);
  if (client === null || broker === null) return undefined;
  return rows.find(
    (row) =>
      row.localPort === ends.peerPort &&
      row.remotePort === ends.localPort &&
      sameBytes(row.localAddress, client) &&
      sameBytes(row.remoteAddress, broker),
  )?.owningPid;
}

/**
 * The decision from what Windows said: the client's process is the broker's user's when its
 * token's user SID is byte for byte the broker's. No owning process, or a process whose token
 * cannot be read (another user's elevated process), counts as another user.
 */
export function windowsPeerOwner(
  owningPid: number | undefined,
  sidOfPid: (pid: number) => Uint8Array | null,
  ownSid: Uint8Array,
): 'same' | 'other' {
  if (owningPid === undefined) return 'other';
  const sid = sidOfPid(owningPid);
  return sid !== null && sameBytes(sid, ownSid) ? 'same' : 'other';
}
