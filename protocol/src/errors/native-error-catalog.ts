import type {
  KnownNativeErrorEntry,
  NativeErrorRow,
  NativeErrorSource,
} from './native-error-entry.js';
import { NATIVE_ERROR_HINTS } from './native-error-hints.js';
import { CSHIS_ERROR_ROWS } from './native-errors-cshis.js';
import { VHC_ERROR_ROWS } from './native-errors-vhc.js';
import { VHC_OFFLINE_ERROR_ROWS } from './native-errors-vhc-offline.js';

function toEntry(source: NativeErrorSource, row: NativeErrorRow): KnownNativeErrorEntry {
  const hint = NATIVE_ERROR_HINTS[row.hint];
  return Object.freeze({
    source,
    code: row.code,
    messageZh: row.messageZh,
    messageEn: row.messageEn,
    category: row.category,
    retryable: row.retryable,
    protocolCode: row.protocolCode,
    hintZh: hint.zh,
    hintEn: hint.en,
    known: true,
  });
}

// File order of the NHI document: connected virtual card, offline virtual card, csHIS.dll.
const ENTRIES: readonly KnownNativeErrorEntry[] = Object.freeze([
  ...VHC_ERROR_ROWS.map((row) => toEntry('vhc', row)),
  ...VHC_OFFLINE_ERROR_ROWS.map((row) => toEntry('vhc-offline', row)),
  ...CSHIS_ERROR_ROWS.map((row) => toEntry('cshis', row)),
]);

/** The lookup key: a code is only unique within its source. */
function nativeErrorKey(source: NativeErrorSource, code: number): string {
  return `${source}:${code}`;
}

const BY_KEY: ReadonlyMap<string, KnownNativeErrorEntry> = new Map(
  ENTRIES.map((entry) => [nativeErrorKey(entry.source, entry.code), entry]),
);

/**
 * Every native code the catalog knows (221 entries), frozen, in the order of the NHI document:
 * the connected virtual-card table, the offline virtual-card table, then csHIS.dll. For docs,
 * tests and tools; to look one code up use `describeNativeError`.
 */
export function nativeErrorEntries(): readonly KnownNativeErrorEntry[] {
  return ENTRIES;
}

/** The catalog entry for `source` + `code`, or `undefined` when the catalog lacks it. */
export function findNativeError(
  source: NativeErrorSource,
  code: number,
): KnownNativeErrorEntry | undefined {
  return BY_KEY.get(nativeErrorKey(source, code));
}
