/**
 * The APDUs that read an NHI card's basic data without csHIS.dll or a SAM, and the status
 * words the driver acts on.
 */

/** SELECT the NHI applet by AID `D1 58 00 00 01 00 00 00 00 00 00 00 00 00 11 00`. */
export const SELECT_NHI_APPLET = Uint8Array.of(
  0x00, // CLA
  0xa4, // INS: SELECT
  0x04, // P1: by DF name (AID)
  0x00, // P2: first or only occurrence
  0x10, // Lc: 16 AID bytes follow
  ...[0xd1, 0x58, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00],
  ...[0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x11, 0x00],
);

/** READ the basic data: answered with 57 bytes and `90 00`. */
export const READ_BASIC_DATA = Uint8Array.of(
  0x00, // CLA
  0xca, // INS: GET DATA
  0x11, // P1
  0x00, // P2
  0x02, // Lc: 2 bytes follow
  0x00,
  0x00,
);

/** Data bytes the basic-data READ returns (`PCSC_BASIC_DATA_BYTES` in the protocol). */
export const BASIC_DATA_RESPONSE_BYTES = 57;

/** GET RESPONSE for `61 xx`: fetch `length` waiting bytes (T=0; 0 means 256). */
export function getResponse(length: number): Uint8Array {
  return Uint8Array.of(0x00, 0xc0, 0x00, 0x00, length & 0xff);
}

/** A case 2 command (header + Le) with Le replaced: what `6C xx` (wrong Le) asks for. */
export function withLe(command: Uint8Array, le: number): Uint8Array {
  return Uint8Array.of(...command.subarray(0, 4), le & 0xff);
}

/** A response APDU split into data and status word. */
export interface ResponseApdu {
  /** The data bytes before the status word. */
  data: Uint8Array;
  /** The status word, e.g. `0x9000`. */
  sw: number;
}

/** Splits a response into data and status word; null when it is shorter than two bytes. */
export function splitResponse(response: Uint8Array): ResponseApdu | null {
  if (response.length < 2) return null;
  const sw1 = response[response.length - 2] ?? 0;
  const sw2 = response[response.length - 1] ?? 0;
  return { data: response.subarray(0, response.length - 2), sw: (sw1 << 8) | sw2 };
}

/** Status words the driver acts on. */
export const SW = {
  /** Success. */
  OK: 0x9000,
  /** SELECT answer of cards issued from late 2025: not a failure, the READ still works. */
  INS_NOT_SUPPORTED: 0x6d00,
} as const;

/** `61 xx`: `xx` bytes wait for a GET RESPONSE. */
export function isResponseWaiting(sw: number): boolean {
  return sw >>> 8 === 0x61;
}

/** `6C xx`: wrong Le; send again with Le = `xx`. */
export function isWrongLength(sw: number): boolean {
  return sw >>> 8 === 0x6c;
}

/** `9000` as text: `90 00`. */
export function formatSw(sw: number): string {
  return `${(sw >>> 8).toString(16).padStart(2, '0')} ${(sw & 0xff).toString(16).padStart(2, '0')}`.toUpperCase();
}
