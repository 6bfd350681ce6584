import { SCOPES, type Scope } from '@nhicard/protocol';
import { defaultAccessFile } from '../access/access-file-path.js';
import { ConsentFileError, ConsentStore } from '../access/consent-store.js';
import { InvalidConfigError } from '../config/config-error.js';
import { loadConfig } from '../config/load-config.js';
import { type CliIo, EXIT_CODES } from './cli-io.js';
import { type OptionTable, parseOrShowHelp, UsageError } from './command-line.js';
import { accessHelp } from './help-text.js';

/** The options of `access`. */
export const ACCESS_OPTIONS: OptionTable = {
  scopes: { type: 'string' },
  'access-file': { type: 'string' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

const ACTIONS = ['list', 'approve', 'deny', 'forget'] as const;

function scopesOf(text: string): Scope[] {
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const unknown = names.filter((name) => !(SCOPES as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length === 0) {
    throw new UsageError(`--scopes ${JSON.stringify(text)}: use presence and/or read`);
  }
  return SCOPES.filter((scope) => names.includes(scope));
}

/**
 * `nhicard access list|approve|deny|forget`: a person on this PC decides which page origins may
 * connect. It edits the access file directly (the broker re-reads it on the next connection),
 * so it works whether or not the broker runs, and only the OS user owning the file can use it.
 */
export async function runAccess(args: readonly string[], io: CliIo): Promise<number> {
  const [action, ...rest] = args;
  if (action === undefined || action === '--help' || action === '-h') {
    io.stdout(accessHelp());
    return action === undefined ? EXIT_CODES.usage : EXIT_CODES.ok;
  }
  if (!(ACTIONS as readonly string[]).includes(action)) {
    throw new UsageError(
      `Unknown access action ${JSON.stringify(action)}: use ${ACTIONS.join(', ')}`,
    );
  }
  const commandLine = parseOrShowHelp(
    rest,
    ACCESS_OPTIONS,
    action === 'list' ? 0 : 1,
    io,
    accessHelp,
  );
  if (commandLine === null) return EXIT_CODES.ok;
  const origin = commandLine.positionals[0];
  if (action !== 'list' && origin === undefined) {
    throw new UsageError(`access ${action} needs an origin, e.g. https://his.example.clinic`);
  }
  let file: string;
  try {
    const flags = {
      'access-file': commandLine.values['access-file'],
      config: commandLine.values.config,
    };
    const { config } = loadConfig({ flags, env: io.env, cwd: io.cwd });
    file = config.accessFile ?? defaultAccessFile(io.env);
  } catch (error) {
    if (!(error instanceof InvalidConfigError)) throw error;
    io.stderr(`nhicard: the configuration has problems:\n${error.message}\n`);
    return EXIT_CODES.usage;
  }
  const store = new ConsentStore(file);
  try {
    switch (action) {
      case 'list':
        io.stdout(listing(store, file));
        return EXIT_CODES.ok;
      case 'approve': {
        const scopesText = commandLine.values.scopes;
        const scopes = typeof scopesText === 'string' ? scopesOf(scopesText) : undefined;
        const granted = store.approve(origin ?? '', scopes);
        io.stdout(`Approved ${origin} with ${granted.join(', ')}.\n`);
        return EXIT_CODES.ok;
      }
      case 'deny':
        store.deny(origin ?? '');
        io.stdout(`Denied ${origin}: it is refused with ACCESS_DENIED until approved.\n`);
        return EXIT_CODES.ok;
      default:
        io.stdout(store.forget(origin ?? '') ? `Forgot ${origin}.\n` : `${origin} had no entry.\n`);
        return EXIT_CODES.ok;
    }
  } catch (error) {
    if (!(error instanceof ConsentFileError) && !(error instanceof SyntaxError)) throw error;
    io.stderr(`nhicard: ${error.message}\n`);
    return EXIT_CODES.failure;
  }
}

function listing(store: ConsentStore, file: string): string {
  const entries = store.list();
  if (entries.length === 0) return `No page has asked for access (${file}).\n`;
  const lines = entries.map(([origin, entry]) => {
    if (entry.status === 'approved') return `approved  ${origin}  ${entry.scopes.join(',')}`;
    if (entry.status === 'pending') {
      return `pending   ${origin}  asks for ${entry.requested.join(',')} since ${entry.requestedAt}`;
    }
    return `denied    ${origin}`;
  });
  return `${lines.join('\n')}\n`;
}
