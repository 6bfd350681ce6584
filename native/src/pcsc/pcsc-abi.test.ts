import { describe, expect, it } from 'vitest';
import { loadKoffi } from './koffi-loader.js';
import {
  abiFamilyOf,
  defineReaderStateType,
  describePcscAbi,
  pcscTypeNames,
  READER_STATE_FIELDS,
} from './pcsc-abi.js';

const offsetsOf = (abi: ReturnType<typeof describePcscAbi>) =>
  READER_STATE_FIELDS.map((field) => abi.readerState.fields[field].offset);

describe('the PC/SC ABI', () => {
  it('lays out SCARD_READERSTATE of 64-bit pcsc-lite as the reference says: 80 bytes', () => {
    const abi = describePcscAbi('pcsclite', 8);
    expect(abi.readerState.bytes).toBe(80);
    expect(offsetsOf(abi)).toEqual([0, 8, 16, 24, 32, 40]);
    expect(abi.readerState.fields.rgbAtr.bytes).toBe(33);
    expect([abi.dwordBytes, abi.longBytes, abi.handleBytes]).toEqual([8, 8, 8]);
    expect(pcscTypeNames(abi)).toEqual({ dword: 'uint64', long: 'int64', handle: 'int64' });
    expect(abi.libraryNames[0]).toBe('libpcsclite.so.1');
    expect(abi.entryPointSuffix).toBe('');
  });

  it('builds the same 64-bit Linux struct in koffi (sizes and offsets)', () => {
    const koffi = loadKoffi();
    const type = defineReaderStateType(koffi, describePcscAbi('pcsclite', 8));
    expect(koffi.sizeof(type)).toBe(80);
    expect(READER_STATE_FIELDS.map((field) => koffi.offsetof(type, field))).toEqual([
      0, 8, 16, 24, 32, 40,
    ]);
  });

  it('lays out Windows x64 (4-byte DWORD, rgbAtr[36]) and ia32', () => {
    const x64 = describePcscAbi('windows', 8);
    expect(x64.readerState.bytes).toBe(64);
    expect(offsetsOf(x64)).toEqual([0, 8, 16, 20, 24, 28]);
    expect(pcscTypeNames(x64)).toEqual({ dword: 'uint32', long: 'int32', handle: 'uint64' });
    expect(x64.entryPointSuffix).toBe('A');
    const ia32 = describePcscAbi('windows', 4);
    expect(ia32.readerState.bytes).toBe(56);
    expect(offsetsOf(ia32)).toEqual([0, 4, 8, 12, 16, 20]);
    expect(pcscTypeNames(ia32).handle).toBe('uint32');
  });

  it('lays out macOS packed, with 4-byte DWORD and handles', () => {
    const mac = describePcscAbi('macos', 8);
    expect(mac.packed).toBe(true);
    expect(mac.readerState.bytes).toBe(61);
    expect(offsetsOf(mac)).toEqual([0, 8, 16, 20, 24, 28]);
    expect(pcscTypeNames(mac)).toEqual({ dword: 'uint32', long: 'int32', handle: 'int32' });
    expect(mac.pnpNotification).toBe(false);
  });

  it('agrees with koffi on the Windows x64 and macOS structs too', () => {
    const koffi = loadKoffi();
    for (const abi of [describePcscAbi('windows', 8), describePcscAbi('macos', 8)]) {
      const type = defineReaderStateType(koffi, abi);
      expect(koffi.sizeof(type)).toBe(abi.readerState.bytes);
      expect(READER_STATE_FIELDS.map((field) => koffi.offsetof(type, field))).toEqual(
        offsetsOf(abi),
      );
    }
  });

  it('maps Node platforms to ABI families', () => {
    expect(
      ['linux', 'freebsd', 'win32', 'darwin'].map((p) => abiFamilyOf(p as NodeJS.Platform)),
    ).toEqual(['pcsclite', 'pcsclite', 'windows', 'macos']);
  });
});
