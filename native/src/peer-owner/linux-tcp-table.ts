import { asIpv4, ipv6Bytes, type TcpConnectionEnds } from './peer-endpoint.js';

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
 * The uid that owns the client's socket of `ends` in a `/proc/net/tcp` (`family` 4) or
 * `/proc/net/tcp6` (6) text: the row whose local end is the client's and whose remote end is
 * the broker's. Undefined when no row matches (the client is gone, or lives in another network
 * namespace); lines that do not have the kernel's shape are skipped, not guessed at.
 *
 * The row is found by searching the text for its two ends as the kernel prints them
 * (upper-case hex, one space apart), not by splitting every row: a busy machine lists
 * thousands of sockets, and a reconnect storm asks once per connection.
 */
export function ownerUidIn(
  text: string,
  ends: TcpConnectionEnds,
  family: 4 | 6,
  littleEndian: boolean,
): number | undefined {
  const client = kernelEndpoint(ends.peerAddress, ends.peerPort, family, littleEndian);
  const broker = kernelEndpoint(ends.localAddress, ends.localPort, family, littleEndian);
  if (client === null || broker === null) return undefined;
  const needle = ` ${client} ${broker} `;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
    const lineEnd = text.indexOf('\n', at);
    const line = text.slice(text.lastIndexOf('\n', at) + 1, lineEnd < 0 ? text.length : lineEnd);
    const fields = line.trim().split(/\s+/);
    // sl local rem st tx:rx tr:when retrnsmt uid …
    if (fields.length < 8 || !/^\d+:$/.test(fields[0] ?? '')) continue;
    if (fields[1] !== client || fields[2] !== broker) continue;
    const uid = Number(fields[7]);
    if (Number.isInteger(uid)) return uid;
  }
  return undefined;
}
