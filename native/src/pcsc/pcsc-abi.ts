/**
 * The one place that knows how the platform PC/SC libraries lay out their types. The three
 * implementations share the API (the Windows one defined it) but not the C types behind it:
 *
 * | family | library | `DWORD` / `LONG` | `SCARDCONTEXT` | `SCARD_READERSTATE` |
 * |---|---|---|---|---|
 * | `pcsclite` (Linux, BSD) | `libpcsclite.so.1` | `unsigned long` / `long`: 8 bytes on 64-bit | `LONG` | natural alignment, `rgbAtr[33]` |
 * | `windows` | `winscard.dll` (`…A` entry points) | 4 bytes | `ULONG_PTR` (pointer size) | natural alignment, `rgbAtr[36]` |
 * | `macos` | `PCSC.framework` | `uint32_t` / `int32_t` | `int32_t` | packed (`#pragma pack(1)`), `rgbAtr[33]` |
 */
import type { TypeObject } from 'koffi';
import type { Koffi } from './koffi-loader.js';

/** Which PC/SC implementation (and so which set of C type sizes) a platform has. */
export type PcscAbiFamily = 'pcsclite' | 'windows' | 'macos';

/** The fields of `SCARD_READERSTATE`, in declaration order. */
export const READER_STATE_FIELDS = [
  'szReader',
  'pvUserData',
  'dwCurrentState',
  'dwEventState',
  'cbAtr',
  'rgbAtr',
] as const;

/** One field of `SCARD_READERSTATE`. */
type ReaderStateField = (typeof READER_STATE_FIELDS)[number];

/** Where one struct field sits. */
interface FieldLayout {
  /** Byte offset from the start of the struct. */
  offset: number;
  /** Size in bytes. */
  bytes: number;
}

/** Everything about one platform's PC/SC ABI that the bindings need. */
export interface PcscAbi {
  /** Which implementation. */
  family: PcscAbiFamily;
  /** Pointer size of the process: 8 on 64-bit, 4 on 32-bit. */
  pointerBytes: 4 | 8;
  /** Library names tried in order with the platform's loader. */
  libraryNames: readonly string[];
  /** Appended to the entry points that take strings: `A` (ANSI) on Windows, none elsewhere. */
  entryPointSuffix: '' | 'A';
  /** Size of `DWORD` (unsigned): states, protocols, lengths, timeouts. */
  dwordBytes: 4 | 8;
  /** Size of `LONG` (signed): every function's result code. */
  longBytes: 4 | 8;
  /** Size of `SCARDCONTEXT` and `SCARDHANDLE`. */
  handleBytes: 4 | 8;
  /** Whether the handle type is unsigned (`ULONG_PTR` on Windows) rather than signed. */
  handleUnsigned: boolean;
  /** Length of `SCARD_READERSTATE.rgbAtr`. */
  atrBufferBytes: 33 | 36;
  /** Whether `SCARD_READERSTATE` is packed (no padding between fields). */
  packed: boolean;
  /** Whether `SCardGetStatusChange` understands the `\\?PnP?\Notification` reader. */
  pnpNotification: boolean;
  /** Layout of `SCARD_READERSTATE`: total size and every field. */
  readerState: { bytes: number; fields: Record<ReaderStateField, FieldLayout> };
}

/** Which family a Node `process.platform` belongs to. */
export function abiFamilyOf(platform: NodeJS.Platform): PcscAbiFamily {
  if (platform === 'win32') return 'windows';
  if (platform === 'darwin') return 'macos';
  // Linux and the BSDs all ship pcsc-lite.
  return 'pcsclite';
}

function layoutReaderState(
  fieldBytes: Record<ReaderStateField, number>,
  alignOf: (field: ReaderStateField) => number,
): PcscAbi['readerState'] {
  const fields = {} as Record<ReaderStateField, FieldLayout>;
  let offset = 0;
  let structAlign = 1;
  for (const field of READER_STATE_FIELDS) {
    const align = alignOf(field);
    structAlign = Math.max(structAlign, align);
    offset = Math.ceil(offset / align) * align;
    fields[field] = { offset, bytes: fieldBytes[field] };
    offset += fieldBytes[field];
  }
  return { bytes: Math.ceil(offset / structAlign) * structAlign, fields };
}

/**
 * Describes the PC/SC ABI of `family` for a process with `pointerBytes`-byte pointers. Pure:
 * it can describe Windows while running on Linux, which is how the layouts are tested.
 */
export function describePcscAbi(family: PcscAbiFamily, pointerBytes: 4 | 8): PcscAbi {
  // pcsc-lite: DWORD is `unsigned long`, LONG is `long`, so both follow the pointer size on
  // LP64 systems; Windows (LLP64) and Apple's framework fix them at 4 bytes.
  const wordBytes: 4 | 8 = family === 'pcsclite' ? pointerBytes : 4;
  const handleBytes: 4 | 8 =
    family === 'pcsclite' ? pointerBytes : family === 'windows' ? pointerBytes : 4;
  const atrBufferBytes = family === 'windows' ? 36 : 33;
  const packed = family === 'macos';
  const fieldBytes: Record<ReaderStateField, number> = {
    szReader: pointerBytes, // const char *: the reader's name (input)
    pvUserData: pointerBytes, // void *: caller data, untouched by the library
    dwCurrentState: wordBytes, // DWORD: the state the caller knows (input)
    dwEventState: wordBytes, // DWORD: the state now (output); upper 16 bits: event counter
    cbAtr: wordBytes, // DWORD: bytes used in rgbAtr (output)
    rgbAtr: atrBufferBytes, // BYTE[]: the card's ATR (output)
  };
  const readerState = layoutReaderState(fieldBytes, (field) =>
    packed || field === 'rgbAtr' ? 1 : fieldBytes[field],
  );
  const libraryNames: Record<PcscAbiFamily, readonly string[]> = {
    pcsclite: ['libpcsclite.so.1', 'libpcsclite.so'],
    windows: ['winscard.dll'],
    macos: ['/System/Library/Frameworks/PCSC.framework/PCSC'],
  };
  return {
    family,
    pointerBytes,
    libraryNames: libraryNames[family],
    entryPointSuffix: family === 'windows' ? 'A' : '',
    dwordBytes: wordBytes,
    longBytes: wordBytes,
    handleBytes,
    handleUnsigned: family === 'windows',
    atrBufferBytes,
    packed,
    // Apple's framework does not implement the PnP pseudo-reader; the watcher re-lists
    // readers on a timer there instead.
    pnpNotification: family !== 'macos',
    readerState,
  };
}

/** The ABI of the running process. */
export function currentPcscAbi(): PcscAbi {
  const pointerBytes = ['x64', 'arm64', 'ppc64', 'riscv64', 's390x', 'loong64'].includes(
    process.arch,
  )
    ? 8
    : 4;
  return describePcscAbi(abiFamilyOf(process.platform), pointerBytes);
}

/** The koffi type names of an ABI's C types (fixed-width, so no koffi default is relied on). */
export interface PcscTypeNames {
  /** `DWORD`. */
  dword: 'uint32' | 'uint64';
  /** `LONG`. */
  long: 'int32' | 'int64';
  /** `SCARDCONTEXT` / `SCARDHANDLE`. */
  handle: 'int32' | 'int64' | 'uint32' | 'uint64';
}

/** The koffi type names for `abi`. */
export function pcscTypeNames(abi: PcscAbi): PcscTypeNames {
  return {
    dword: abi.dwordBytes === 8 ? 'uint64' : 'uint32',
    long: abi.longBytes === 8 ? 'int64' : 'int32',
    handle: `${abi.handleUnsigned ? 'u' : ''}int${abi.handleBytes === 8 ? '64' : '32'}` as const,
  };
}

/**
 * Defines `SCARD_READERSTATE` for `abi` as a koffi type (anonymous, so several ABIs can be
 * defined in one process, as the layout test does). Only a struct for the running process's
 * pointer size is meaningful to koffi.
 */
export function defineReaderStateType(koffi: Koffi, abi: PcscAbi): TypeObject {
  const { dword } = pcscTypeNames(abi);
  const members = {
    szReader: 'const char *',
    pvUserData: 'void *',
    dwCurrentState: dword,
    dwEventState: dword,
    cbAtr: dword,
    rgbAtr: koffi.array('uint8', abi.atrBufferBytes, 'Typed'),
  };
  return abi.packed ? koffi.pack(null, members) : koffi.struct(null, members);
}
