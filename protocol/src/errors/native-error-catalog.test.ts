import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isErrorCode } from './error-codes.js';
import { findNativeError, nativeErrorEntries } from './native-error-catalog.js';
import { NATIVE_ERROR_CATEGORIES, type NativeErrorSource } from './native-error-entry.js';
import { NATIVE_ERROR_HINTS } from './native-error-hints.js';

// The NHI's error table as the project received it (plain text, kept unedited as a fixture):
// the catalog is checked against it entry by entry.
const ERROR_CODES_TXT = fileURLToPath(new URL('./fixtures/nhi-error-codes.txt', import.meta.url));

interface ParsedCode {
  source: NativeErrorSource;
  code: number;
  messageZh: string;
}

/**
 * Reads the three tables of the NHI text. A code line is `<digits><TAB><message>`; the
 * table headings switch the source. Blank lines and page-break artefacts are skipped, but a
 * line that starts with a digit and is not a well-formed code line fails, so a row broken by
 * a page break cannot be lost silently.
 */
function parseNhiErrorCodes(text: string): ParsedCode[] {
  const parsed: ParsedCode[] = [];
  let source: NativeErrorSource | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('虛擬健保卡連線狀態錯誤代碼表')) source = 'vhc';
    else if (line.startsWith('虛擬健保卡離線狀態錯誤代碼表')) source = 'vhc-offline';
    else if (line.startsWith('## ') && line.includes('csHIS.dll 錯誤訊息')) source = 'cshis';
    const row = /^(\d+)\t(.+)$/.exec(line);
    if (row === null) {
      if (/^\d/.test(line)) throw new Error(`malformed code line: ${JSON.stringify(line)}`);
      continue;
    }
    if (source === undefined) throw new Error(`code line before any table: ${line}`);
    parsed.push({ source, code: Number(row[1]), messageZh: row[2] ?? '' });
  }
  return parsed;
}

const fromFile = parseNhiErrorCodes(readFileSync(ERROR_CODES_TXT, 'utf8'));
const entries = nativeErrorEntries();

describe('the native error catalog against nhi-error-codes.txt', () => {
  it('reads 221 codes from the three tables of the file', () => {
    expect(fromFile).toHaveLength(221);
    const perSource = { vhc: 0, 'vhc-offline': 0, cshis: 0 };
    for (const row of fromFile) perSource[row.source] += 1;
    expect(perSource).toEqual({ vhc: 58, 'vhc-offline': 19, cshis: 144 });
    expect(fromFile[0]).toEqual({ source: 'vhc', code: 0, messageZh: '成功' });
    expect(fromFile.at(-1)).toEqual({
      source: 'cshis',
      code: 9240,
      messageZh: '雲端安全模組主控台沒啟動',
    });
  });

  it('holds exactly the codes of the file, in file order, with the identical zh-TW text', () => {
    const fromCatalog = entries.map(({ source, code, messageZh }) => ({ source, code, messageZh }));
    expect(fromCatalog).toEqual(fromFile);
  });

  it('finds every code of the file under its own source', () => {
    for (const row of fromFile) {
      const entry = findNativeError(row.source, row.code);
      expect(entry?.messageZh, `${row.source} ${row.code}`).toBe(row.messageZh);
    }
  });

  it('keeps the codes that appear in two tables apart', () => {
    for (const code of [4013, 5005, 5015, 5020, 5022, 5023]) {
      const virtual = findNativeError('vhc', code);
      const dll = findNativeError('cshis', code);
      expect(virtual?.source).toBe('vhc');
      expect(dll?.source).toBe('cshis');
      expect(virtual?.messageZh).not.toBe(dll?.messageZh);
    }
    const keys = new Set(entries.map((entry) => `${entry.source}:${entry.code}`));
    expect(keys.size).toBe(221);
  });

  it('keeps the odd texts of the file as they are', () => {
    expect(findNativeError('cshis', 5061)?.messageZh).toBe(
      '同意器官捐贈及安寧緩和醫療註記寫入失敗寫入失敗',
    );
    expect(findNativeError('cshis', 9201)?.messageZh).toBe(
      '初始安全模組檔讀取異常，請在 C:\\NHI\\SAM\\COMX1 目錄下放置健保署正確安全模組檔。',
    );
  });
});

describe('every catalog entry', () => {
  it('maps to a valid protocol error code', () => {
    const invalid = entries.filter((entry) => !isErrorCode(entry.protocolCode));
    expect(invalid).toEqual([]);
  });

  it('has an English message and both hints, without stray spaces', () => {
    for (const entry of entries) {
      for (const text of [entry.messageEn, entry.hintZh, entry.hintEn]) {
        expect(text.trim(), `${entry.source} ${entry.code}`).toBe(text);
        expect(text.length, `${entry.source} ${entry.code}`).toBeGreaterThan(0);
      }
    }
  });

  it('has a known category, and only 0 and 2000 are successes', () => {
    for (const entry of entries) {
      expect(NATIVE_ERROR_CATEGORIES).toContain(entry.category);
      expect(entry.category).not.toBe('unknown');
    }
    const successes = entries.filter((entry) => entry.category === 'success');
    expect(successes.map(({ source, code }) => `${source}:${code}`)).toEqual([
      'vhc:0',
      'vhc-offline:2000',
    ]);
    for (const success of successes) {
      expect(success).toMatchObject({ retryable: false, protocolCode: 'INTERNAL' });
    }
  });

  it('is known and frozen, and so is the list', () => {
    expect(Object.isFrozen(entries)).toBe(true);
    for (const entry of entries) {
      expect(entry.known).toBe(true);
      expect(Object.isFrozen(entry)).toBe(true);
    }
  });

  it('uses every shared hint at least once', () => {
    const used = new Set(entries.map((entry) => entry.hintEn));
    const unused = Object.entries(NATIVE_ERROR_HINTS)
      .filter(([, hint]) => !used.has(hint.en))
      .map(([id]) => id);
    expect(unused).toEqual([]);
  });

  it('says which categories map to which protocol codes', () => {
    // A summary that changes when a mapping changes, so every change is a conscious one.
    const pairs = new Set(entries.map((entry) => `${entry.category}→${entry.protocolCode}`));
    expect([...pairs].sort()).toEqual([
      'card→CARD_ERROR',
      'card→NOT_AN_NHI_CARD',
      'card→NO_CARD',
      'config→CARD_ERROR',
      'config→INTERNAL',
      'config→NETWORK_ERROR',
      'config→READER_ERROR',
      'config→UNSUPPORTED',
      'database→READER_ERROR',
      'hpc→CARD_ERROR',
      'hpc→HPC_REQUIRED',
      'network→NETWORK_ERROR',
      'pin→CARD_ERROR',
      'pin→PIN_REQUIRED',
      'reader→READER_ERROR',
      'reader→TIMEOUT',
      'sam→SAM_ERROR',
      'success→INTERNAL',
      'virtual-card→CARD_ERROR',
      'virtual-card→NO_CARD',
      'virtual-card→READER_ERROR',
    ]);
  });
});
