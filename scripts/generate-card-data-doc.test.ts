import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeNativeError } from '../protocol/src/errors/describe-native-error.js';
import { nativeErrorEntries } from '../protocol/src/errors/native-error-catalog.js';
import type { KnownNativeErrorEntry } from '../protocol/src/errors/native-error-entry.js';
import {
  CARD_DATA_DOC_PATH,
  ERROR_TABLE_END,
  ERROR_TABLE_START,
  markdownCell,
  renderNativeErrorTable,
  replaceBetweenMarkers,
  textBetweenMarkers,
  withFreshErrorTable,
} from './generate-card-data-doc.js';

function known(source: 'cshis' | 'vhc', code: number): KnownNativeErrorEntry {
  const entry = describeNativeError(source, code);
  if (!entry.known) throw new Error(`${source} ${code} is not in the catalog`);
  return entry;
}

describe('the error table of protocol/CARD-DATA.md', () => {
  it('is up to date with the catalog (run `pnpm docs:card-data` if not)', () => {
    const doc = readFileSync(CARD_DATA_DOC_PATH, 'utf8');
    expect(textBetweenMarkers(doc, ERROR_TABLE_START, ERROR_TABLE_END)).toBe(
      renderNativeErrorTable(nativeErrorEntries()),
    );
  });
});

describe('renderNativeErrorTable', () => {
  it('writes one row per entry with every column', () => {
    const table = renderNativeErrorTable([known('cshis', 4013), known('vhc', 4013)]);
    const lines = table.split('\n');
    expect(lines.slice(-4)).toEqual([
      '| Source | Code | zh-TW | English | Category | Retryable | Protocol code | Hint |',
      '|---|---:|---|---|---|---|---|---|',
      '| `cshis` | 4013 | 未置入健保 IC 卡 | No NHI IC card inserted | card | yes | `NO_CARD` | 請插入健保卡<br>Insert the NHI card |',
      "| `vhc` | 4013 | 未置入虛擬健保卡 | No virtual NHI card presented | virtual-card | yes | `NO_CARD` | 請掃描就診民眾的虛擬健保卡 QRCode<br>Scan the patient's virtual NHI card QR code |",
    ]);
    expect(table).toContain(
      '2 codes: 1 from csHIS.dll (`cshis`); 1 from the virtual-card SDK, connected (`vhc`).',
    );
    expect(table).toContain('Some numbers appear in two sources with different meanings (4013),');
  });

  it('escapes what Markdown would read as markup', () => {
    const row = renderNativeErrorTable([known('cshis', 9201)])
      .split('\n')
      .at(-1);
    expect(row).toContain('| 初始安全模組檔讀取異常，請在 C:\\\\NHI\\\\SAM\\\\COMX1 目錄下放置');
    expect(markdownCell('a|b *c* _d_ [e] <f> `g` ~h \\i')).toBe(
      'a\\|b \\*c\\* \\_d\\_ \\[e\\] \\<f\\> \\`g\\` \\~h \\\\i',
    );
    expect(markdownCell('two\nlines')).toBe('two lines');
  });

  it('has as many table rows as the catalog has entries', () => {
    const rows = renderNativeErrorTable(nativeErrorEntries())
      .split('\n')
      .filter((line) => line.startsWith('| `'));
    expect(rows).toHaveLength(221);
  });
});

describe('replaceBetweenMarkers', () => {
  const doc = 'head\n<!-- a -->\nold\n<!-- b -->\n<!-- c -->\nmine\n<!-- d -->\ntail\n';

  it('rewrites only the text between its own markers', () => {
    expect(replaceBetweenMarkers(doc, '<!-- c -->', '<!-- d -->', 'new\ntext')).toBe(
      'head\n<!-- a -->\nold\n<!-- b -->\n<!-- c -->\nnew\ntext\n<!-- d -->\ntail\n',
    );
  });

  it('reads back what it wrote', () => {
    const written = replaceBetweenMarkers(doc, '<!-- a -->', '<!-- b -->', 'x');
    expect(textBetweenMarkers(written, '<!-- a -->', '<!-- b -->')).toBe('x');
    expect(replaceBetweenMarkers(written, '<!-- a -->', '<!-- b -->', 'x')).toBe(written);
  });

  it('refuses missing, repeated or reversed markers', () => {
    expect(() => replaceBetweenMarkers(doc, '<!-- z -->', '<!-- b -->', 'x')).toThrow(
      'markers <!-- z --> … <!-- b --> not found',
    );
    expect(() => replaceBetweenMarkers(`${doc}<!-- a -->`, '<!-- a -->', '<!-- b -->', '')).toThrow(
      'appear more than once',
    );
    expect(() => replaceBetweenMarkers(doc, '<!-- b -->', '<!-- a -->', 'x')).toThrow(
      'marker <!-- a --> comes before <!-- b -->',
    );
  });

  it('leaves the rest of CARD-DATA.md as it is', () => {
    const current = readFileSync(CARD_DATA_DOC_PATH, 'utf8');
    const stale = replaceBetweenMarkers(current, ERROR_TABLE_START, ERROR_TABLE_END, 'stale');
    const fresh = withFreshErrorTable(stale);
    const outside = (text: string) => {
      const start = text.indexOf(ERROR_TABLE_START);
      const end = text.indexOf(ERROR_TABLE_END);
      return [text.slice(0, start), text.slice(end)];
    };
    expect(outside(fresh)).toEqual(outside(current));
    expect(textBetweenMarkers(fresh, ERROR_TABLE_START, ERROR_TABLE_END)).not.toBe('stale');
  });
});
