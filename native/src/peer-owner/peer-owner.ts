import { readFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import { ownerUidIn } from './linux-tcp-table.js';
import type { PeerOwner, TcpConnectionEnds } from './peer-endpoint.js';
import { owningPidOf, windowsPeerOwner } from './windows-tcp-table.js';
import { bindWindowsOwnerApi, type WindowsOwnerApi } from './windows-token-user.js';

/** Tells whose process is at the other end of a loopback TCP connection. */
export interface PeerOwnerCheck {
  /** How this platform answers: `linux-proc`, `windows-iphlpapi`, or `none` (a documented gap). */
  readonly method: 'linux-proc' | 'windows-iphlpapi' | 'none';
  /** Whose process opened the connection with these ends. */
  ownerOf(ends: TcpConnectionEnds): Promise<PeerOwner>;
}

const familyOf = (address: string): 4 | 6 =>
  address.includes(':') && !address.startsWith('::ffff:') ? 6 : 4;

/**
 * Reads of one table, shared by the lookups that wait for them: a lookup starts a read when
 * none is under way, and otherwise joins the one read queued behind it, never the read under
 * way, which may have started before its socket was accepted. However many connections
 * arrive at once, at most two reads of the table run back to back.
 */
function sharedReads(read: () => Promise<string>): () => Promise<string> {
  let running: Promise<string> | undefined;
  let queued: Promise<string> | undefined;
  const start = (): Promise<string> => {
    const reading = read();
    running = reading;
    const done = (): void => {
      if (running === reading) running = undefined;
    };
    reading.then(done, done);
    return reading;
  };
  const settled = (): undefined => undefined;
  return () => {
    if (running === undefined) return start();
    queued ??= running.then(settled, settled).then(() => {
      queued = undefined;
      return start();
    });
    return queued;
  };
}

/**
 * Linux: the uid column of `/proc/net/tcp` or `tcp6`, the kernel's own record of who owns each
 * socket. `procRoot` and `readText` are for tests.
 */
export function linuxPeerOwnerCheck(
  uid: number,
  procRoot = '/proc',
  readText: (path: string) => Promise<string> = (path) => readFile(path, 'utf8'),
): PeerOwnerCheck {
  const littleEndian = endianness() === 'LE';
  const tables = {
    4: sharedReads(() => readText(`${procRoot}/net/tcp`)),
    6: sharedReads(() => readText(`${procRoot}/net/tcp6`)),
  };
  return {
    method: 'linux-proc',
    async ownerOf(ends) {
      // A v4-mapped peer of a dual-stack socket is listed in tcp6; a plain v4 one in tcp.
      const family = ends.peerAddress.includes(':') ? 6 : 4;
      const owner = ownerUidIn(await tables[family](), ends, family, littleEndian);
      return owner === uid ? 'same' : 'other';
    },
  };
}

/** Windows: `GetExtendedTcpTable` → owning process → its token's user SID, compared to ours. */
export function windowsPeerOwnerCheck(
  api: WindowsOwnerApi = bindWindowsOwnerApi(),
): PeerOwnerCheck {
  const ownSid = api.ownSid();
  return {
    method: 'windows-iphlpapi',
    async ownerOf(ends) {
      const family = familyOf(ends.peerAddress);
      const pid = owningPidOf(api.tcpTable(family), ends, family);
      return windowsPeerOwner(pid, (owner) => api.sidOfPid(owner), ownSid);
    },
  };
}

/**
 * The check for this platform: Linux and Windows ask the operating system; elsewhere (macOS)
 * the answer is `unknown`, and the broker says so at start-up.
 */
export function createPeerOwnerCheck(platform: NodeJS.Platform = process.platform): PeerOwnerCheck {
  if (platform === 'linux' && typeof process.getuid === 'function') {
    return linuxPeerOwnerCheck(process.getuid());
  }
  if (platform === 'win32') return windowsPeerOwnerCheck();
  return { method: 'none', ownerOf: async () => 'unknown' };
}
