import type { Socket } from 'node:net';
import { loadKoffi } from '../../native/src/pcsc/koffi-loader.js';

/** `IPPROTO_TCP` and `TCP_QUICKACK` from Linux's `<netinet/tcp.h>`. */
const IPPROTO_TCP = 6;
const TCP_QUICKACK = 12;

type SetSockOpt = (
  fd: number,
  level: number,
  name: number,
  value: number[],
  length: number,
) => number;

let setsockopt: SetSockOpt | null | undefined;

function bindSetsockopt(): SetSockOpt | null {
  if (process.platform !== 'linux') return null;
  try {
    const libc = loadKoffi().load('libc.so.6');
    return libc.func('int setsockopt(int, int, int, const int *, uint32_t)') as SetSockOpt;
  } catch {
    return null;
  }
}

/**
 * Turns on `TCP_QUICKACK` on `socket`, so the kernel acknowledges what was just read at once.
 * Debian's vpcd writes a frame's length and payload in two writes with Nagle on: without an
 * immediate ACK the payload waits for the delayed-ACK timer, about 40 ms per APDU. Linux clears
 * the flag by itself, so it must be set again after every read.
 *
 * Node has no setsockopt for it: libc's `setsockopt` is called through koffi on the socket's
 * file descriptor (`socket._handle.fd`, an undocumented but long-stable field). Returns false
 * where that is not possible (not Linux, no fd, call failed); APDUs then just take ~40 ms more.
 */
export function setTcpQuickAck(socket: Socket): boolean {
  if (setsockopt === undefined) setsockopt = bindSetsockopt();
  if (setsockopt === null) return false;
  const fd = (socket as unknown as { _handle?: { fd?: unknown } })._handle?.fd;
  if (typeof fd !== 'number' || fd < 0) return false;
  return setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, [1], 4) === 0;
}
