import type { CshisParam } from './cshis-declarations.js';

/**
 * The wire between the driver and the csHIS host (`host/cshis-host.cjs`): one JSON object per
 * line over a loopback TCP connection. The host speaks first with a {@link HostHello} that
 * carries the one-time secret; then the driver sends requests and the host answers each with
 * one reply of the same id, in order.
 */

/** Environment variable holding the driver's loopback port, for the host. */
export const HOST_PORT_ENV = 'NHICARD_CSHIS_HOST_PORT';
/** Environment variable holding the one-time secret the host proves. */
export const HOST_SECRET_ENV = 'NHICARD_CSHIS_HOST_SECRET';
/** Environment variable naming the koffi module the host loads instead of `koffi`. */
export const HOST_KOFFI_ENV = 'NHICARD_CSHIS_KOFFI';

/** The host's first line. */
export interface HostHello {
  type: 'hello';
  /** The secret given at spawn. */
  secret: string;
  /** The host's process id (as the host sees it: a Windows pid under Wine). */
  pid: number;
  /** `process.platform` of the host, e.g. `win32`. */
  platform: string;
  /** `process.arch` of the host, e.g. `ia32`. */
  arch: string;
  /** `process.version` of the host. */
  node: string;
}

/** One export to bind, as sent in a `load` request. */
interface HostFunction {
  name: string;
  /** The koffi prototype (`int __stdcall name(...)`). */
  prototype: string;
  params: readonly CshisParam[];
}

/** What the driver asks. */
export type HostRequest =
  | { op: 'load'; dllPath: string; functions: readonly HostFunction[] }
  | { op: 'call'; fn: string; args: readonly number[] }
  | { op: 'exit' };

/** The result of `load`. */
export interface LoadResult {
  /** The exports that were bound. */
  bound: string[];
  /** The exports the DLL lacks, with koffi's message. */
  missing: Record<string, string>;
  /** The koffi version the host runs. */
  koffiVersion: string;
}

/** The result of `call`. */
export interface CallResult {
  /** The export's return value. */
  rc: number;
  /** Every output buffer after the call, base64, by parameter name. */
  buffers: Record<string, string>;
  /** Every output integer (`int *`, `short *`) after the call, by parameter name. */
  numbers: Record<string, number>;
}

/** A reply line. */
export type HostReply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: string };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Parses the host's first line; null when it is not a hello. */
export function parseHello(line: string): HostHello | null {
  const value = parseJson(line);
  if (
    !isRecord(value) ||
    value.type !== 'hello' ||
    typeof value.secret !== 'string' ||
    typeof value.pid !== 'number' ||
    typeof value.platform !== 'string' ||
    typeof value.arch !== 'string' ||
    typeof value.node !== 'string'
  ) {
    return null;
  }
  return value as unknown as HostHello;
}

/** Parses a reply line; null when it is not one. */
export function parseReply(line: string): HostReply | null {
  const value = parseJson(line);
  if (!isRecord(value) || typeof value.id !== 'number') return null;
  if (value.ok === true && 'result' in value) return value as unknown as HostReply;
  if (value.ok === false && typeof value.error === 'string') return value as unknown as HostReply;
  return null;
}

/** Checks the shape of a `load` result. */
export function isLoadResult(value: unknown): value is LoadResult {
  return (
    isRecord(value) &&
    Array.isArray(value.bound) &&
    value.bound.every((name) => typeof name === 'string') &&
    isRecord(value.missing) &&
    typeof value.koffiVersion === 'string'
  );
}

/** Checks the shape of a `call` result. */
export function isCallResult(value: unknown): value is CallResult {
  return (
    isRecord(value) &&
    Number.isInteger(value.rc) &&
    isRecord(value.buffers) &&
    Object.values(value.buffers).every((buffer) => typeof buffer === 'string') &&
    isRecord(value.numbers) &&
    Object.values(value.numbers).every((number) => Number.isInteger(number))
  );
}

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/** Splits a stream of text chunks into lines (without the `\n`). */
export class LineSplitter {
  private pending = '';

  /** Adds a chunk; returns the complete lines it ended. */
  push(chunk: string): string[] {
    this.pending += chunk;
    const lines = this.pending.split('\n');
    this.pending = lines.pop() ?? '';
    return lines.filter((line) => line.trim() !== '');
  }
}
