import type { ErrorCode } from './error-codes.js';
import type { NativeErrorHintId } from './native-error-hints.js';

/**
 * Which native table a code comes from. The same number can mean different things in
 * different tables (4013 is "no NHI card" in csHIS.dll and "no virtual card" in the
 * virtual-card SDK), so a native code is only meaningful together with its source.
 *
 * These are the catalog's tables, a subset of the wire's `NATIVE_SOURCES`: `pcsc` codes are
 * described by the PC/SC driver's own `SCARD_*` table and `simulator` codes are csHIS codes.
 * An error whose native code has no catalog entry (every PC/SC failure) still carries hints:
 * the broker gives it its protocol code's (`ERROR_HINTS`).
 */
export const NATIVE_ERROR_SOURCES = [
  /** The virtual NHI card SDK, connected (cloud) mode: 0, 1001–1099 and a few 4xxx/5xxx. */
  'vhc',
  /** The virtual NHI card SDK, offline mode: 2000–2210. */
  'vhc-offline',
  /** The NHI card-reader control software csHIS.dll: 4000–9240. */
  'cshis',
] as const;

/** One of the native error tables. */
export type NativeErrorSource = (typeof NATIVE_ERROR_SOURCES)[number];

/** Whether `value` names one of the native error tables. */
export function isNativeErrorSource(value: unknown): value is NativeErrorSource {
  return typeof value === 'string' && (NATIVE_ERROR_SOURCES as readonly string[]).includes(value);
}

/**
 * What a native code is about, i.e. where the user should look to fix it. `success` marks the
 * two codes that report success (0 and 2000); `unknown` is used only for codes the catalog
 * does not know.
 */
export const NATIVE_ERROR_CATEGORIES = [
  /** The card reader, its port, its driver or PC/SC. */
  'reader',
  /** The secure access module (SAM file or cloud SAM) and its authentication with the IDC. */
  'sam',
  /** The NHI card itself: absent, refused, cancelled, its data, reads and writes. */
  'card',
  /** The health-professional card (HPC). */
  'hpc',
  /** The holder's PIN on the NHI card. */
  'pin',
  /** The network, the NHI data centre (IDC) or the virtual-card cloud. */
  'network',
  /** The virtual NHI card: its QR code and its data. */
  'virtual-card',
  /** The local database of the virtual-card SDK. */
  'database',
  /** Installation and configuration: SDK registration, device token, files, clock, versions. */
  'config',
  /** The code reports success; it is not an error. */
  'success',
  /** The code is not in the catalog. */
  'unknown',
] as const;

/** One of the native error categories. */
export type NativeErrorCategory = (typeof NATIVE_ERROR_CATEGORIES)[number];

/** What the catalog says about every native code, as the data files write it too. */
interface NativeErrorFacts {
  /** The native code as the DLL or SDK returned it. */
  readonly code: number;
  /** The native message in zh-TW, exactly as the NHI table gives it. */
  readonly messageZh: string;
  /** The native message in English: a faithful translation of `messageZh`. */
  readonly messageEn: string;
  /** Where the user should look to fix it. */
  readonly category: NativeErrorCategory;
  /**
   * Whether retrying the same call can succeed, at once or after the user follows the hint
   * (inserting the card, entering the PIN, restoring the network). It may differ from the
   * default of `protocolCode`: an expired QR code and a missing card are both `NO_CARD`, but
   * the catalog says for each native code whether trying again makes sense.
   */
  readonly retryable: boolean;
  /**
   * The protocol error code this native code is reported as on the wire. The two success
   * codes (category `success`) map to `INTERNAL`: if one ever reaches an error path, the
   * caller that turned a success into a failure is at fault.
   */
  readonly protocolCode: ErrorCode;
}

/**
 * One catalog row as written in the data files: the source is given by the file and the hint
 * by its id, so that the same advice is worded the same way everywhere.
 */
export interface NativeErrorRow extends NativeErrorFacts {
  /** What the user should do. */
  readonly hint: NativeErrorHintId;
}

/** The fields every catalog entry has, known or not: the row's facts with its hint's words. */
interface NativeErrorEntryFields extends NativeErrorFacts {
  /** What the user should do, in zh-TW (e.g. 請插入健保卡). */
  readonly hintZh: string;
  /** What the user should do, in English (e.g. Insert the NHI card). */
  readonly hintEn: string;
}

/** A code found in the catalog. */
export interface KnownNativeErrorEntry extends NativeErrorEntryFields {
  /** The table the code belongs to. */
  readonly source: NativeErrorSource;
  /** Always `true`: the code is in the NHI tables. */
  readonly known: true;
}

/**
 * A code the catalog does not know: a generic entry that keeps the number (and the source as
 * given, which may be one a newer broker added) so that nothing of the original is lost.
 */
export interface UnknownNativeErrorEntry extends NativeErrorEntryFields {
  /** The source as given; not necessarily one this version knows. */
  readonly source: NativeErrorSource | (string & {});
  /** Always `false`: the code is not in the NHI tables this version knows. */
  readonly known: false;
}

/** What the catalog says about a native code: a known entry or a generic unknown one. */
export type NativeErrorEntry = KnownNativeErrorEntry | UnknownNativeErrorEntry;
