// Regenerates the native error table of protocol/CARD-DATA.md from the error catalog:
// `pnpm tsx scripts/generate-card-data-doc.ts` (root script `docs:card-data`). Only the text
// between the error-table markers is rewritten; the rest of the file belongs to other tools
// and to people. A test fails when the committed table is stale.
import { readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
// Relative, not `@nhicard/protocol`: the script must read the sources, never a stale dist/.
import { nativeErrorEntries } from '../protocol/src/errors/native-error-catalog.js';
import type {
  KnownNativeErrorEntry,
  NativeErrorSource,
} from '../protocol/src/errors/native-error-entry.js';

/** The marker that opens the generated error table in CARD-DATA.md. */
export const ERROR_TABLE_START = '<!-- error-table:start -->';
/** The marker that closes the generated error table in CARD-DATA.md. */
export const ERROR_TABLE_END = '<!-- error-table:end -->';
/** Where the card-data document lives. */
export const CARD_DATA_DOC_PATH = fileURLToPath(
  new URL('../protocol/CARD-DATA.md', import.meta.url),
);

const SOURCE_NAMES: Record<NativeErrorSource, string> = {
  vhc: 'the virtual-card SDK, connected',
  'vhc-offline': 'the virtual-card SDK, offline',
  cshis: 'csHIS.dll',
};

// Characters that would turn cell text into markup; escaped so the table shows the catalog's
// text exactly (the backslashes of `C:\NHI\SAM\COMX1` included).
const MARKDOWN_SPECIAL = /[\\|*_~`[\]<>]/g;

/** Escapes text for one cell of a GitHub-flavoured Markdown table. */
export function markdownCell(text: string): string {
  return text.replace(MARKDOWN_SPECIAL, (char) => `\\${char}`).replace(/\r?\n/g, ' ');
}

function tableRow(entry: KnownNativeErrorEntry): string {
  const cells = [
    `\`${entry.source}\``,
    String(entry.code),
    markdownCell(entry.messageZh),
    markdownCell(entry.messageEn),
    entry.category,
    entry.retryable ? 'yes' : 'no',
    `\`${entry.protocolCode}\``,
    `${markdownCell(entry.hintZh)}<br>${markdownCell(entry.hintEn)}`,
  ];
  return `| ${cells.join(' | ')} |`;
}

/**
 * The Markdown that belongs between the error-table markers: a note that it is generated, a
 * count per source, a legend and the table, one row per catalog entry in catalog order.
 * Pure: the same entries always give the same text.
 */
export function renderNativeErrorTable(entries: readonly KnownNativeErrorEntry[]): string {
  const counts = new Map<NativeErrorSource, number>();
  const sourcesOfCode = new Map<number, number>();
  for (const entry of entries) {
    counts.set(entry.source, (counts.get(entry.source) ?? 0) + 1);
    sourcesOfCode.set(entry.code, (sourcesOfCode.get(entry.code) ?? 0) + 1);
  }
  const perSource = [...counts]
    .map(([source, count]) => `${count} from ${SOURCE_NAMES[source]} (\`${source}\`)`)
    .join('; ');
  const sharedCodes = [...sourcesOfCode].filter(([, sources]) => sources > 1).map(([code]) => code);
  return [
    '<!-- Generated from protocol/src/errors/ by `pnpm docs:card-data`: edit the catalog, not this table. -->',
    '',
    `${entries.length} codes: ${perSource}.`,
    `Some numbers appear in two sources with different meanings (${sharedCodes.join(', ')}),`,
    'so a code is always read together with its source.',
    '*Retryable* says whether retrying the same call can succeed, at once or after the user',
    'follows the hint. *Protocol code* is the `error.code` sent on the wire; the native code and',
    'its zh-TW message travel in `error.native`.',
    '',
    '| Source | Code | zh-TW | English | Category | Retryable | Protocol code | Hint |',
    '|---|---:|---|---|---|---|---|---|',
    ...entries.map(tableRow),
  ].join('\n');
}

function markerPositions(doc: string, start: string, end: string): [number, number] {
  const startAt = doc.indexOf(start);
  const endAt = doc.indexOf(end);
  if (startAt < 0 || endAt < 0) throw new Error(`markers ${start} … ${end} not found`);
  if (doc.indexOf(start, startAt + 1) >= 0 || doc.indexOf(end, endAt + 1) >= 0) {
    throw new Error(`markers ${start} … ${end} appear more than once`);
  }
  if (endAt < startAt) throw new Error(`marker ${end} comes before ${start}`);
  return [startAt + start.length, endAt];
}

/** The text between two markers (exclusive), without the line breaks that frame it. */
export function textBetweenMarkers(doc: string, start: string, end: string): string {
  const [from, to] = markerPositions(doc, start, end);
  return doc.slice(from, to).replace(/^\n/, '').replace(/\n$/, '');
}

/**
 * `doc` with the text between the markers replaced by `content` on lines of its own; every
 * byte outside the markers is kept. Throws when a marker is missing, repeated or out of order.
 */
export function replaceBetweenMarkers(
  doc: string,
  start: string,
  end: string,
  content: string,
): string {
  const [from, to] = markerPositions(doc, start, end);
  return `${doc.slice(0, from)}\n${content}\n${doc.slice(to)}`;
}

/** CARD-DATA.md's text with the error table regenerated from the catalog. */
export function withFreshErrorTable(doc: string): string {
  return replaceBetweenMarkers(
    doc,
    ERROR_TABLE_START,
    ERROR_TABLE_END,
    renderNativeErrorTable(nativeErrorEntries()),
  );
}

function main(): void {
  // Read right before writing: other tools edit other parts of the same file.
  const before = readFileSync(CARD_DATA_DOC_PATH, 'utf8');
  const after = withFreshErrorTable(before);
  if (after === before) {
    console.log(`${CARD_DATA_DOC_PATH}: error table already up to date`);
    return;
  }
  writeFileSync(CARD_DATA_DOC_PATH, after);
  console.log(`${CARD_DATA_DOC_PATH}: error table regenerated`);
}

function invokedDirectly(): boolean {
  const invokedPath = process.argv[1];
  if (invokedPath === undefined) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(invokedPath)).href;
  } catch {
    return false;
  }
}

if (invokedDirectly()) main();
