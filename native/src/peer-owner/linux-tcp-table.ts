import { asIpv4, ipv6Bytes, type TcpConnectionEnds } from './peer-endpoint.js';

/** One row of `/proc/net/tcp` or `/proc/net/tcp6`: both ends, as the kernel spells them, and the owner. */
export interface LinuxTcpRow {
  /** `ADDR:PORT` in the kernel's hex (address words in host byte order, port big-endian). */
  local: string;
  remote: string;
  /** The uid that owns the socket. */
  uid: number;
}

/**
 * The rows of a `/proc/net/tcp` or `/proc/net/tcp6` text. Lines that do not have the kernel's
 * shape are skipped, not guessed at.
 */
export function parseLinuxTcpTable(text: string): LinuxTcpRow[] {
  const rows: LinuxTcpRow[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    // sl local rem st tx:rx tr:when retrnsmt uid …
    if (fields.length < 8 || !/^\d+:$/.test(fields[0] ?? '')) continue;
    const [, local, remote] = fields;
    const uid = Number(fields[7]);
    if (local === undefined || remote === undefined || !Number.isInteger(uid)) continue;
    rows.push({ local: local.toUpperCase(), remote: remote.toUpperCase(), uid });
  }
  return rows;
}

const hex2 = (byte: number): string => byte.toString(16).padStart(2, '0').toUpperCase();

/** The kernel's spelling of 4 address bytes as one 32-bit word in host byte order. */
function word(bytes: Uint8Array, littleEndian: boolean): string {
  const ordered = littleEndian ? [...bytes].reverse() : [...bytes];
  return ordered.map(hex2).join('');
}

/**
 * How `/proc/net/tcp` (`family` 4) or `/proc/net/tcp6` (6) spells `address:port`, or null when
 * the address does not fit that table.
 */
export function kernelEndpoint(
  address: string,
  port: number,
  family: 4 | 6,
  littleEndian: boolean,
): string | null {
  const portHex = port.toString(16).padStart(4, '0').toUpperCase();
  if (family === 4) {
    const bytes = asIpv4(address);
    return bytes === null ? null : `${word(bytes, littleEndian)}:${portHex}`;
  }
  const bytes = ipv6Bytes(address);
  if (bytes === null) return null;
  const words = [0, 4, 8, 12].map((start) => word(bytes.slice(start, start + 4), littleEndian));
  return `${words.join('')}:${portHex}`;
}

/**
 * The uid of the client's socket of `ends`: the row whose local end is the client's and whose
 * remote end is the broker's. Undefined when no row matches (the client is gone, or lives in
 * another network namespace).
 */
export function ownerUidOf(
  rows: readonly LinuxTcpRow[],
  ends: TcpConnectionEnds,
  family: 4 | 6,
  littleEndian: boolean,
): number | undefined {
  const client = kernelEndpoint(ends.peerAddress, ends.peerPort, family, littleEndian);
  const broker = kernelEndpoint(ends.localAddress, ends.localPort, family, littleEndian);
  if (client === null || broker === null) return undefined;
  return rows.find((row) => row.local === client && row.remote === broker)?.uid;
}
