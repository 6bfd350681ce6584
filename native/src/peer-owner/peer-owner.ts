import { readFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import { ownerUidOf, parseLinuxTcpTable } from './linux-tcp-table.js';
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
 * Linux: the uid column of `/proc/net/tcp` or `tcp6`, the kernel's own record of who owns each
 * socket. `procRoot` is for tests.
 */
export function linuxPeerOwnerCheck(uid: number, procRoot = '/proc'): PeerOwnerCheck {
  const littleEndian = endianness() === 'LE';
  return {
    method: 'linux-proc',
    async ownerOf(ends) {
      // A v4-mapped peer of a dual-stack socket is listed in tcp6; a plain v4 one in tcp.
      const family = ends.peerAddress.includes(':') ? 6 : 4;
      const text = await readFile(`${procRoot}/net/tcp${family === 6 ? '6' : ''}`, 'utf8');
      const owner = ownerUidOf(parseLinuxTcpTable(text), ends, family, littleEndian);
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
