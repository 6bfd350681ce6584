import { got, type Parsed, parsed, problem, type ValueType } from './value-types.js';

const NATS_SCHEMES = new Set(['nats:', 'tls:', 'ws:', 'wss:']);

function natsUrl(text: string): Parsed<string> {
  let url: URL;
  try {
    url = new URL(text.includes('://') ? text : `nats://${text}`);
  } catch {
    return problem(`must be NATS server URLs like nats://host:4222 ${got(text)}`);
  }
  if (!NATS_SCHEMES.has(url.protocol)) {
    return problem(`must use nats://, tls://, ws:// or wss:// ${got(text)}`);
  }
  if (url.username !== '' || url.password !== '') {
    // Credentials in a URL end up in logs and banners: they have settings of their own.
    return problem('must not hold a user or password (use nats.user / nats.password)');
  }
  return parsed(url.href.replace(/\/$/, ''));
}

/** NATS server URLs: a JSON array, or comma-separated in the environment and on the command line. */
export const natsServersType: ValueType<string[]> = {
  hint: '<url,url…>',
  fromJson: (raw) => {
    if (!Array.isArray(raw) || raw.length === 0 || !raw.every((item) => typeof item === 'string')) {
      return problem(`must be a non-empty array of URLs ${got(raw)}`);
    }
    return listOf(raw as string[]);
  },
  fromText: (text) =>
    listOf(
      text
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== ''),
    ),
};

function listOf(parts: string[]): Parsed<string[]> {
  if (parts.length === 0) return problem('must name at least one NATS server');
  const urls: string[] = [];
  for (const part of parts) {
    const one = natsUrl(part);
    if (!one.ok) return one;
    urls.push(one.value);
  }
  return parsed(urls);
}

/** A site or workstation name: what a monitor shows and subjects carry. */
export const natsNameType: ValueType<string> = {
  hint: '<name>',
  fromJson: (raw) =>
    typeof raw === 'string' ? nameOf(raw) : problem(`must be a string ${got(raw)}`),
  fromText: nameOf,
};

function nameOf(text: string): Parsed<string> {
  const name = text.trim();
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) {
    return problem(`must be 1–64 letters, digits, - or _ (one NATS subject token) ${got(text)}`);
  }
  return parsed(name);
}

/** A user name or password for NATS; never printed back in an error. */
export const natsCredentialType: ValueType<string> = {
  hint: '<text>',
  fromJson: (raw) =>
    typeof raw === 'string' && raw !== '' ? parsed(raw) : problem('must be a non-empty string'),
  fromText: (text) => (text !== '' ? parsed(text) : problem('must be a non-empty string')),
};
