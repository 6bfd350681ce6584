import type { LibraryHandle, TypeObject } from 'koffi';
import { type Koffi, loadKoffi } from './koffi-loader.js';
import { currentPcscAbi, defineReaderStateType, type PcscAbi, pcscTypeNames } from './pcsc-abi.js';
import type { PcscApi, ReaderStateQuery, ReaderStateResult, ScardHandle } from './pcsc-api.js';
import { SCARD_PROTOCOL_T0, SCARD_SCOPE_SYSTEM } from './pcsc-constants.js';
import { libraryError, scardCodeOf } from './pcsc-error.js';
import { SCARD } from './scard-codes.js';

/** A bound PC/SC library: the calls, and where they came from. */
export interface PcscLibrary {
  /** The calls. */
  readonly api: PcscApi;
  /** The library file or name that was loaded. */
  readonly path: string;
  /** The ABI it was bound with. */
  readonly abi: PcscAbi;
}

type KoffiFunction = ReturnType<LibraryHandle['func']>;
/** A koffi parameter type: a name, a type object, or an `_Out_`/`_Inout_` marker. */
type ParameterType = string | TypeObject | ReturnType<Koffi['out']>;

/** A short APDU's response: up to 256 data bytes and the two status bytes. */
const RESPONSE_BUFFER_BYTES = 258;

function callAsync(fn: KoffiFunction, ...args: unknown[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    fn.async(...args, (error: unknown, result: unknown) => {
      if (error) reject(error);
      else resolve(result);
    });
  });
}

async function code(call: Promise<unknown>): Promise<number> {
  return scardCodeOf((await call) as number | bigint);
}

/** Splits a `SCardListReaders` multi-string (`a\0b\0\0`) into names. */
function parseMultiString(bytes: Uint8Array): string[] {
  return new TextDecoder()
    .decode(bytes)
    .split('\0')
    .filter((name) => name.length > 0);
}

function openLibrary(koffi: Koffi, abi: PcscAbi, libraryPath: string | undefined) {
  const candidates = libraryPath === undefined ? abi.libraryNames : [libraryPath];
  const failures: string[] = [];
  for (const candidate of candidates) {
    try {
      return { handle: koffi.load(candidate), path: candidate };
    } catch (error) {
      failures.push(`${candidate}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const install =
    abi.family === 'pcsclite' ? ' (Debian/Ubuntu: apt install pcscd libpcsclite1)' : '';
  throw libraryError(`The PC/SC library could not be loaded${install}: ${failures.join('; ')}`);
}

function bind(koffi: Koffi, abi: PcscAbi, library: LibraryHandle): PcscApi {
  const { dword, long, handle } = pcscTypeNames(abi);
  const readerState = defineReaderStateType(koffi, abi);
  const convention = abi.family === 'windows' ? '__stdcall' : '__cdecl';
  const fn = (name: string, args: ParameterType[]): KoffiFunction =>
    library.func(convention, name, long, args);
  const outHandle = koffi.out(koffi.pointer(handle));
  const outDword = koffi.out(koffi.pointer(dword));
  const inoutDword = koffi.inout(koffi.pointer(dword));
  const a = abi.entryPointSuffix;

  const establish = fn('SCardEstablishContext', [dword, 'void *', 'void *', outHandle]);
  const release = fn('SCardReleaseContext', [handle]);
  const list = fn(`SCardListReaders${a}`, [handle, 'const char *', 'uint8_t *', inoutDword]);
  const statusChange = fn(`SCardGetStatusChange${a}`, [
    handle,
    dword,
    koffi.inout(koffi.pointer(readerState)),
    dword,
  ]);
  const cancel = fn('SCardCancel', [handle]);
  const connect = fn(`SCardConnect${a}`, [
    handle,
    'const char *',
    dword,
    dword,
    outHandle,
    outDword,
  ]);
  const begin = fn('SCardBeginTransaction', [handle]);
  const end = fn('SCardEndTransaction', [handle, dword]);
  const transmit = fn('SCardTransmit', [
    handle,
    'void *',
    'const uint8_t *',
    dword,
    'void *',
    'uint8_t *',
    inoutDword,
  ]);
  const disconnect = fn('SCardDisconnect', [handle, dword]);
  // The protocol control information structs are exported data; their addresses are passed.
  const pciT0: unknown = library.symbol('g_rgSCardT0Pci');
  const pciT1: unknown = library.symbol('g_rgSCardT1Pci');

  async function listReaders(context: ScardHandle): Promise<{ code: number; readers: string[] }> {
    // The list can grow between the size query and the read: try again a few times.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const size = [0];
      const sized = await code(callAsync(list, context, null, null, size));
      if (sized !== SCARD.SUCCESS) return { code: sized, readers: [] };
      const buffer = new Uint8Array(Number(size[0]));
      const length = [buffer.length];
      const result = await code(callAsync(list, context, null, buffer, length));
      if (result === SCARD.SUCCESS) {
        return { code: result, readers: parseMultiString(buffer.subarray(0, Number(length[0]))) };
      }
      if (result !== SCARD.E_INSUFFICIENT_BUFFER) return { code: result, readers: [] };
    }
    return { code: SCARD.E_INSUFFICIENT_BUFFER, readers: [] };
  }

  async function getStatusChange(
    context: ScardHandle,
    timeoutMs: number,
    queries: readonly ReaderStateQuery[],
  ): Promise<{ code: number; states: ReaderStateResult[] }> {
    const structs = queries.map((query) => ({
      szReader: query.reader,
      pvUserData: null,
      dwCurrentState: query.currentState,
      dwEventState: 0,
      cbAtr: 0,
      rgbAtr: new Uint8Array(abi.atrBufferBytes),
    }));
    const result = await code(callAsync(statusChange, context, timeoutMs, structs, structs.length));
    const states = structs.map((struct, index) => {
      const atrBytes = Math.min(Number(struct.cbAtr), abi.atrBufferBytes);
      return {
        reader: queries[index]?.reader ?? '',
        eventState: Number(struct.dwEventState) >>> 0,
        atr: Uint8Array.from(struct.rgbAtr.subarray(0, atrBytes)),
      };
    });
    return { code: result, states };
  }

  return {
    async establishContext() {
      const context = [0];
      const result = await code(callAsync(establish, SCARD_SCOPE_SYSTEM, null, null, context));
      return { code: result, context: context[0] as ScardHandle };
    },
    releaseContext: (context) => code(callAsync(release, context)),
    listReaders,
    getStatusChange,
    cancel: (context) => scardCodeOf(cancel(context) as number | bigint),
    async connect(context, reader, shareMode, preferredProtocols) {
      const card = [0];
      const protocol = [0];
      const result = await code(
        callAsync(connect, context, reader, shareMode, preferredProtocols, card, protocol),
      );
      return { code: result, card: card[0] as ScardHandle, protocol: Number(protocol[0]) };
    },
    beginTransaction: (card) => code(callAsync(begin, card)),
    endTransaction: (card, disposition) => code(callAsync(end, card, disposition)),
    async transmit(card, protocol, command) {
      const response = new Uint8Array(RESPONSE_BUFFER_BYTES);
      const length = [response.length];
      const pci = protocol === SCARD_PROTOCOL_T0 ? pciT0 : pciT1;
      const result = await code(
        callAsync(transmit, card, pci, command, command.length, null, response, length),
      );
      const received = result === SCARD.SUCCESS ? Math.min(Number(length[0]), response.length) : 0;
      return { code: result, response: response.slice(0, received) };
    },
    disconnect: (card, disposition) => code(callAsync(disconnect, card, disposition)),
  };
}

const loadedLibraries = new Map<string, PcscLibrary>();

/**
 * Loads and binds the platform's PC/SC library (`libpcsclite.so.1`, `winscard.dll` or
 * `PCSC.framework`), or `libraryPath` when given. Bound once per path and process.
 *
 * @throws DriverError `READER_ERROR` when koffi or the library cannot be loaded.
 */
export function loadPcscLibrary(libraryPath?: string): PcscLibrary {
  const key = libraryPath ?? '';
  const cached = loadedLibraries.get(key);
  if (cached !== undefined) return cached;
  const abi = currentPcscAbi();
  let koffi: Koffi;
  try {
    koffi = loadKoffi();
  } catch (error) {
    throw libraryError('koffi (the FFI for PC/SC) could not be loaded', error);
  }
  const { handle, path } = openLibrary(koffi, abi, libraryPath);
  let api: PcscApi;
  try {
    api = bind(koffi, abi, handle);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw libraryError(`${path} is not a usable PC/SC library: ${detail}`, error);
  }
  const library = { api, path, abi };
  loadedLibraries.set(key, library);
  return library;
}
