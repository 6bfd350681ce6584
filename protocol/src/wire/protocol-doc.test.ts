import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isSectionId } from '../card/section-ids.js';
import { decodeSection, encodeSection } from '../card/section-registry.js';
import { ERROR_CODE_LIST, ERROR_CODES } from '../errors/error-codes.js';
import { ERROR_HINTS } from '../errors/error-hints.js';
import { CLOSE_CODES } from './close-codes.js';
import { DEFAULT_DECODE_LIMITS, SUBPROTOCOLS } from './codec.js';
import { DEFAULT_DEADLINES } from './deadlines.js';
import { jsonCodec } from './json-codec.js';
import { msgpackCodec } from './msgpack-codec.js';
import { isOp, OP_REQUIRED_SCOPE, OPS } from './ops.js';
import { parseClientMessage } from './parse-client-message.js';
import { parseOpResult } from './parse-results.js';
import { parseServerMessage } from './parse-server-message.js';
import { isTopic, TOPICS } from './topics.js';
import { SCOPES } from './value-sets.js';

// PROTOCOL.md is the living spec: its examples must be valid messages, and its tables must
// match the code. Each example is a ```json block whose info string names what it shows:
// `hello`, `error`, `request:<op>`, `result:<op>` (an ok response) or `event:<topic>`.

const doc = readFileSync(new URL('../../PROTOCOL.md', import.meta.url), 'utf8');

interface Example {
  tag: string;
  value: unknown;
}

const examples: Example[] = [...doc.matchAll(/^```json ([^\n]+)\n([\s\S]*?)^```$/gm)].map(
  (match) => ({ tag: match[1] ?? '', value: JSON.parse(match[2] ?? '') as unknown }),
);

/** The body of section `heading` (up to the next heading of its level). */
function section(heading: string): string {
  const start = doc.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`no section ${heading}`);
  const end = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, end < 0 ? undefined : end);
}

/** The cells of every row of the Markdown tables in `text`, trimmed; separator rows left out. */
function tableRows(text: string): string[][] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|[\s|:-]+\|$/.test(line))
    .map((line) =>
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim()),
    );
}

/** The error table's rows as they must read, from ERROR_CODES. */
function expectedErrorRows(): string[][] {
  return [
    ['code', 'retryable', 'when'],
    ...ERROR_CODE_LIST.map((code) => {
      const { retryable, when } = ERROR_CODES[code];
      return [`\`${code}\``, retryable ? 'yes' : 'no', when];
    }),
  ];
}

function expectSurvivesCodecs(message: unknown): void {
  for (const codec of [jsonCodec, msgpackCodec]) {
    const frame = codec.encode(message as Parameters<typeof codec.encode>[0]);
    expect(codec.decode(frame)).toStrictEqual({ ok: true, value: message });
  }
}

describe('PROTOCOL.md examples', () => {
  it('has examples to check', () => {
    expect(examples.length).toBeGreaterThan(OPS.length * 2 + TOPICS.length);
  });

  it.each(examples.map((example) => [example.tag, example] as const))(
    '%s is a valid message, exactly as written',
    (tag, { value }) => {
      const [kind, name] = tag.split(':');
      if (kind === 'request') {
        expect(parseClientMessage(value)).toStrictEqual({ ok: true, message: value });
        expect((value as { op: unknown }).op).toBe(name);
      } else {
        const parsed = parseServerMessage(value);
        expect(parsed).toStrictEqual({ ok: true, message: value });
        if (!parsed.ok) return;
        const message = parsed.message;
        if (kind === 'hello') expect(message.type).toBe('hello');
        if (kind === 'error') expect(message.type === 'response' && !message.ok).toBe(true);
        if (kind === 'event') expect(message.type === 'event' && message.topic).toBe(name);
        if (kind === 'result') {
          if (message.type !== 'response' || !message.ok || !isOp(name)) {
            throw new Error(`${tag} is not an ok response of a known op`);
          }
          expect(parseOpResult(name, message.result)).toStrictEqual({
            ok: true,
            value: message.result,
          });
        }
        expect(['hello', 'error', 'event', 'result']).toContain(kind);
      }
      expectSurvivesCodecs(value);
    },
  );

  it('shows section values exactly as the decoders produce them', () => {
    const found: string[] = [];
    const visit = (value: unknown): void => {
      if (typeof value !== 'object' || value === null) return;
      for (const [key, child] of Object.entries(value)) {
        if (
          key === 'sections' &&
          typeof child === 'object' &&
          child !== null &&
          !Array.isArray(child)
        ) {
          for (const [id, section] of Object.entries(child)) {
            if (!isSectionId(id)) throw new Error(`unknown section ${id}`);
            found.push(id);
            expect(decodeSection(id, encodeSection(id, section as never))).toStrictEqual(section);
          }
        }
        visit(child);
      }
    };
    for (const { value } of examples) visit(value);
    expect(found.length).toBeGreaterThan(0);
  });

  it('shows every op with a request and a result, every topic, hello and an error', () => {
    const tags = new Set(examples.map((example) => example.tag));
    const missing = [
      ...OPS.flatMap((op) => [`request:${op}`, `result:${op}`]),
      ...TOPICS.map((topic) => `event:${topic}`),
      'hello',
      'error',
    ].filter((tag) => !tags.has(tag));
    expect(missing).toStrictEqual([]);
    expect(TOPICS.every(isTopic)).toBe(true);
  });
});

describe('PROTOCOL.md tables', () => {
  it('lists every error code as ERROR_CODES says', () => {
    const table = doc.match(
      /<!-- error-table:start -->\n([\s\S]*?)\n<!-- error-table:end -->/,
    )?.[1];
    expect(tableRows(table ?? '')).toStrictEqual(expectedErrorRows());
  });

  it('gives every error code the hint ERROR_HINTS says, in English and zh-TW', () => {
    const table = doc.match(/<!-- hint-table:start -->\n([\s\S]*?)\n<!-- hint-table:end -->/)?.[1];
    expect(tableRows(table ?? '')).toStrictEqual([
      ['code', 'hint', 'hintZh'],
      ...ERROR_CODE_LIST.map((code) => [
        `\`${code}\``,
        ERROR_HINTS[code].hint,
        ERROR_HINTS[code].hintZh,
      ]),
    ]);
  });

  it('explains every close code, by its number and its name', () => {
    const rows = tableRows(section('Close codes')).map(([code, name]) => [code, name]);
    expect(rows).toStrictEqual([
      ['code', 'name'],
      ...Object.entries(CLOSE_CODES).map(([name, code]) => [
        String(code),
        name.toLowerCase().replaceAll('_', ' '),
      ]),
    ]);
  });

  it('lists every op once, in OPS order, each with the scope OP_REQUIRED_SCOPE requires', () => {
    const rows = tableRows(section('Ops')).map(([op, , , scope]) => [op, scope]);
    expect(rows).toStrictEqual([
      ['op', 'scope'],
      ...OPS.map((op) => [`\`${op}\``, OP_REQUIRED_SCOPE[op]]),
    ]);
  });

  it('lists every topic once, in TOPICS order; only server topics have no reader', () => {
    const rows = tableRows(section('Topics')).map(([topic, reader]) => [topic, reader]);
    expect(rows).toStrictEqual([
      ['topic', '`reader`'],
      ...TOPICS.map((topic) => [`\`${topic}\``, topic.startsWith('server.') ? '`null`' : 'id']),
    ]);
  });

  it('lists every scope once, in SCOPES order', () => {
    const scopes = tableRows(section('Scopes')).map(([scope]) => scope);
    expect(scopes).toStrictEqual(['scope', ...SCOPES.map((scope) => `\`${scope}\``)]);
  });

  it('gives every deadline with its default, as DEFAULT_DEADLINES says', () => {
    const rows = tableRows(section('Deadlines')).map(([field, value]) => [field, value]);
    expect(rows).toStrictEqual([
      ['field', 'default'],
      ...Object.entries(DEFAULT_DEADLINES).map(([field, ms]) => [`\`${field}\``, String(ms)]),
    ]);
  });

  it('names every subprotocol once, in SUBPROTOCOLS order', () => {
    const rows = tableRows(
      doc.slice(doc.indexOf('### Subprotocols'), doc.indexOf('### The first')),
    );
    expect(rows.map(([name]) => name)).toStrictEqual([
      '`Sec-WebSocket-Protocol`',
      ...SUBPROTOCOLS.map((name) => `\`${name}\``),
    ]);
  });

  it('gives every codec limit once, with its default', () => {
    const rows = tableRows(section('Limits'));
    expect(rows.slice(1).map(([limit]) => /^`(\w+)`/.exec(limit ?? '')?.[1])).toStrictEqual(
      Object.keys(DEFAULT_DECODE_LIMITS),
    );
    for (const [name, value] of Object.entries(DEFAULT_DECODE_LIMITS)) {
      const row = rows.find(([limit]) => limit?.startsWith(`\`${name}\``));
      const spaced = value.toLocaleString('en-US').replaceAll(',', ' ');
      expect(row?.[1], name).toMatch(new RegExp(`^${spaced}\\b`));
    }
  });
});
