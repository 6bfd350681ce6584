import { isSectionId, SECTION_IDS, type SectionId } from '@nhicard/protocol';

/** The outcome of reading one config value: the value, or what is wrong with it. */
export type Parsed<V> = { ok: true; value: V } | { ok: false; problem: string };

/**
 * How one kind of config value is read: from the config file (a JSON value) or from an
 * environment variable or flag (text). Problems are phrased to follow `Invalid <key> in
 * <source>: ` and say what was given, unless the value is a secret.
 */
export interface ValueType<V> {
  /** Placeholder for help text: `<port>`, `<ms>`, `<sections>`. */
  readonly hint: string;
  /** Reads a value from the config file. */
  fromJson(raw: unknown): Parsed<V>;
  /** Reads a value from an environment variable or a flag. */
  fromText(text: string): Parsed<V>;
}

/** A successful parse. */
export function parsed<V>(value: V): Parsed<V> {
  return { ok: true, value };
}

/** A failed parse. */
export function problem<V>(text: string): Parsed<V> {
  return { ok: false, problem: text };
}

/** `(got …)`, quoting what was given as JSON so blanks and types show. */
export function got(raw: unknown): string {
  return `(got ${JSON.stringify(raw) ?? String(raw)})`;
}

const INTEGER_TEXT = /^[+-]?\d+$/;
const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)$/;

/** An integer in `[min, max]`. */
export function integerType(min: number, max: number = Number.MAX_SAFE_INTEGER): ValueType<number> {
  const range =
    max === Number.MAX_SAFE_INTEGER
      ? `must be an integer >= ${min}`
      : `must be an integer from ${min} to ${max}`;
  const check = (value: number, raw: unknown): Parsed<number> =>
    Number.isSafeInteger(value) && value >= min && value <= max
      ? parsed(value)
      : problem(`${range} ${got(raw)}`);
  return {
    hint: '<n>',
    fromJson: (raw) =>
      typeof raw === 'number' ? check(raw, raw) : problem(`${range} ${got(raw)}`),
    fromText: (text) =>
      INTEGER_TEXT.test(text.trim()) ? check(Number(text), text) : problem(`${range} ${got(text)}`),
  };
}

/** A finite number greater than `exclusiveMin`. */
export function positiveNumberType(exclusiveMin = 0): ValueType<number> {
  const rule = `must be a number > ${exclusiveMin}`;
  const check = (value: number, raw: unknown): Parsed<number> =>
    Number.isFinite(value) && value > exclusiveMin ? parsed(value) : problem(`${rule} ${got(raw)}`);
  return {
    hint: '<n>',
    fromJson: (raw) => (typeof raw === 'number' ? check(raw, raw) : problem(`${rule} ${got(raw)}`)),
    fromText: (text) =>
      NUMBER_TEXT.test(text.trim()) ? check(Number(text), text) : problem(`${rule} ${got(text)}`),
  };
}

/** Whether `value` is one of the strings in `set`. */
export function isOneOf<const T extends string>(set: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (set as readonly string[]).includes(value);
}

/** One string of a closed set. */
export function oneOfType<const T extends string>(values: readonly T[]): ValueType<T> {
  const rule = `must be one of ${values.join(', ')}`;
  const check = (raw: unknown): Parsed<T> =>
    isOneOf(values, raw) ? parsed<T>(raw) : problem<T>(`${rule} ${got(raw)}`);
  return { hint: `<${values.join('|')}>`, fromJson: check, fromText: (text) => check(text.trim()) };
}

const TRUE_TEXTS = ['true', '1', 'yes', 'on'];
const FALSE_TEXTS = ['false', '0', 'no', 'off'];

/** A boolean; as text `true/false`, `1/0`, `yes/no` or `on/off`. */
export const booleanType: ValueType<boolean> = {
  hint: '<true|false>',
  fromJson: (raw) =>
    typeof raw === 'boolean' ? parsed(raw) : problem(`must be true or false ${got(raw)}`),
  fromText: (text) => {
    const word = text.trim().toLowerCase();
    if (TRUE_TEXTS.includes(word)) return parsed(true);
    if (FALSE_TEXTS.includes(word)) return parsed(false);
    return problem(`must be true or false (or 1/0, yes/no, on/off) ${got(text)}`);
  },
};

const IPV4_LOOPBACK = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/**
 * A loopback interface: `127.0.0.1` (any 127.x.y.z), `::1` or `localhost`. Other PCs reach the
 * broker only through LAN mode (`lan.host`), which has TLS and tokens of its own.
 */
export const loopbackHostType: ValueType<string> = {
  hint: '<host>',
  fromJson: (raw) => (typeof raw === 'string' ? checkHost(raw) : problem(hostRule(raw))),
  fromText: (text) => checkHost(text.trim()),
};

function hostRule(raw: unknown): string {
  return (
    `must be a loopback address (127.0.0.1, ::1 or localhost): for other PCs use LAN mode ` +
    `(lan.host with a certificate and tokens, docs/lan-mode.md) ${got(raw)}`
  );
}

function checkHost(host: string): Parsed<string> {
  const loopback = host === 'localhost' || host === '::1' || IPV4_LOOPBACK.test(host);
  return loopback ? parsed(host) : problem(hostRule(host));
}

/**
 * A list of section ids, each at most once; as text, comma-separated (`basic,insurance`), with
 * `none` (or nothing) for the empty list.
 */
export const sectionListType: ValueType<SectionId[]> = {
  hint: '<sections>',
  fromJson: (raw) =>
    Array.isArray(raw)
      ? checkSections(raw)
      : problem(`must be an array of section ids ${got(raw)}`),
  fromText: (text) => {
    const trimmed = text.trim();
    if (trimmed === '' || trimmed === 'none') return parsed([]);
    return checkSections(trimmed.split(',').map((item) => item.trim()));
  },
};

function checkSections(items: readonly unknown[]): Parsed<SectionId[]> {
  const sections: SectionId[] = [];
  for (const item of items) {
    if (!isSectionId(item)) {
      return problem(
        `unknown section ${JSON.stringify(item)}; sections: ${SECTION_IDS.join(', ')}`,
      );
    }
    if (sections.includes(item)) return problem(`section "${item}" is listed twice`);
    sections.push(item);
  }
  return parsed(sections);
}

/**
 * Simulated read time in ms: one number for every section, or (config file only) an object of
 * section ids to numbers.
 */
export const readLatencyType: ValueType<number | Partial<Record<SectionId, number>>> = {
  hint: '<ms>',
  fromJson: (raw) => {
    if (typeof raw === 'number') return checkLatency(raw, raw);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      return problem(`must be a number of ms or an object of section ids to ms ${got(raw)}`);
    }
    const table: Partial<Record<SectionId, number>> = {};
    for (const [section, value] of Object.entries(raw)) {
      if (!isSectionId(section)) {
        return problem(
          `unknown section ${JSON.stringify(section)}; sections: ${SECTION_IDS.join(', ')}`,
        );
      }
      const checked =
        typeof value === 'number' ? checkLatency(value, value) : latencyProblem<number>(value);
      if (!checked.ok) return problem(`${section}: ${checked.problem}`);
      table[section] = checked.value;
    }
    return parsed(table);
  },
  fromText: (text) =>
    NUMBER_TEXT.test(text.trim()) ? checkLatency(Number(text), text) : latencyProblem(text),
};

function checkLatency(value: number, raw: unknown): Parsed<number> {
  return Number.isFinite(value) && value >= 0 ? parsed(value) : latencyProblem(raw);
}

function latencyProblem<V>(raw: unknown): Parsed<V> {
  return problem(`must be a number of ms >= 0 ${got(raw)}`);
}

/** A non-empty path, as given (relative paths are taken from the working directory). */
export const pathType: ValueType<string> = {
  hint: '<path>',
  fromJson: (raw) =>
    typeof raw === 'string' && raw.trim() !== ''
      ? parsed(raw)
      : problem(`must be a non-empty path ${got(raw)}`),
  fromText: (text) =>
    text.trim() !== '' ? parsed(text) : problem(`must be a non-empty path ${got(text)}`),
};

function readHttpUrl(raw: unknown): Parsed<string> {
  if (typeof raw !== 'string' || raw.trim() === '') {
    return problem(`must be an http(s) URL ${got(raw)}`);
  }
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return problem(`must be an http(s) URL ${got(raw)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return problem(`must be an http(s) URL ${got(raw)}`);
  }
  return parsed(url.href);
}

/** An http or https URL of a local service (the virtual-card SDK, the CS 6.0 console). */
export const httpUrlType: ValueType<string> = {
  hint: '<url>',
  fromJson: readHttpUrl,
  fromText: readHttpUrl,
};
