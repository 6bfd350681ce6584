/**
 * One TCP connection on this machine as the broker sees it: the client's end (`peer`) and the
 * broker's end (`local`). The client's process is the one whose socket has `peer` as its local
 * end and `local` as its remote end.
 */
export interface TcpConnectionEnds {
  /** The client's address and port (the broker's `socket.remoteAddress/remotePort`). */
  peerAddress: string;
  peerPort: number;
  /** The broker's address and port (`socket.localAddress/localPort`). */
  localAddress: string;
  localPort: number;
}

/**
 * Whose process opened a connection, as the operating system tells it: `same` (the user the
 * broker runs as), `other` (another user, or a process the broker cannot see, e.g. in another
 * network namespace), or `unknown` where this platform has no way to tell (macOS: a documented
 * gap, see docs/security.md).
 */
export type PeerOwner = 'same' | 'other' | 'unknown';

/** The 16 bytes of an IPv6 address, or of an IPv4 address mapped into IPv6 (`::ffff:a.b.c.d`). */
export function ipv6Bytes(address: string): Uint8Array | null {
  const ipv4 = ipv4Bytes(address);
  if (ipv4 !== null) return Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...ipv4]);
  const text = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!text.includes(':')) return null;
  // A dotted tail (`::ffff:127.0.0.1`) becomes two groups.
  const tail = text.match(/(\d+\.\d+\.\d+\.\d+)$/)?.[1];
  let groupsText = text;
  if (tail !== undefined) {
    const bytes = ipv4Bytes(tail);
    if (bytes === null) return null;
    const hex = (high: number, low: number): string => ((high << 8) | low).toString(16);
    groupsText = `${text.slice(0, -tail.length)}${hex(bytes[0] ?? 0, bytes[1] ?? 0)}:${hex(bytes[2] ?? 0, bytes[3] ?? 0)}`;
  }
  const halves = groupsText.split('::');
  if (halves.length > 2) return null;
  const split = (part: string | undefined): string[] =>
    part === undefined || part === '' ? [] : part.split(':');
  const head = split(halves[0]);
  const rest = split(halves[1]);
  const missing = 8 - head.length - rest.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return null;
  const groups = [...head, ...Array<string>(missing).fill('0'), ...rest];
  const out = new Uint8Array(16);
  for (const [index, group] of groups.entries()) {
    if (!/^[0-9a-f]{1,4}$/i.test(group)) return null;
    const value = Number.parseInt(group, 16);
    out[index * 2] = value >> 8;
    out[index * 2 + 1] = value & 0xff;
  }
  return out;
}

/** The 4 bytes of a dotted IPv4 address, or null. */
function ipv4Bytes(address: string): Uint8Array | null {
  const parts = address.split('.');
  if (parts.length !== 4 || parts.some((part) => !/^\d{1,3}$/.test(part))) return null;
  const bytes = parts.map(Number);
  return bytes.every((byte) => byte <= 255) ? Uint8Array.from(bytes) : null;
}

/** The IPv4 address inside `::ffff:a.b.c.d` (or the address itself when it is IPv4), or null. */
export function asIpv4(address: string): Uint8Array | null {
  const direct = ipv4Bytes(address);
  if (direct !== null) return direct;
  const bytes = ipv6Bytes(address);
  if (bytes === null) return null;
  const mapped =
    bytes.slice(0, 10).every((byte) => byte === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return mapped ? bytes.slice(12) : null;
}
