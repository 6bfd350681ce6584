import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { InvalidConfigError } from '../config/config-error.js';
import { loadConfig } from '../config/load-config.js';
import { describeCertificate } from '../tls/local-ca.js';
import { LocalTls } from '../tls/tls-directory.js';
import {
  platformStores,
  type StoreCommand,
  type StoreLocations,
  shellLine,
  storeCommands,
  storeRunsOn,
  TRUST_STORES,
  type TrustStore,
} from '../tls/trust-stores.js';
import { type CliIo, EXIT_CODES } from './cli-io.js';
import { runClinicCa } from './clinic-ca-command.js';
import { type OptionTable, parseCommandLine, UsageError } from './command-line.js';
import { tlsHelp } from './help-text.js';

const TLS_OPTIONS: OptionTable = {
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  'tls-dir': { type: 'string' },
  store: { type: 'string', multiple: true },
  'dry-run': { type: 'boolean' },
  delete: { type: 'boolean' },
};

/** How `tls` reaches the machine: the platform and a way to run a command (tests swap both). */
export interface TlsCommandEnvironment {
  platform: NodeJS.Platform;
  home: string;
  /** Runs a command; resolves with its exit status, or an error when it could not start. */
  run(argv: readonly string[]): { status: number | null; error?: Error; output: string };
}

/** This machine: its platform and home, and commands run for real. */
export const processEnvironment: TlsCommandEnvironment = {
  platform: process.platform,
  home: homedir(),
  run(argv) {
    const [command = '', ...args] = argv;
    const result = spawnSync(command, args, { encoding: 'utf8' });
    return {
      status: result.status,
      error: result.error,
      output: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim(),
    };
  },
};

function firefoxProfiles(home: string): string[] {
  const roots = [
    join(home, '.mozilla', 'firefox'),
    join(home, 'snap', 'firefox', 'common', '.mozilla', 'firefox'),
  ];
  return roots.flatMap((root) => {
    if (!existsSync(root)) return [];
    return readdirSync(root)
      .map((name) => join(root, name))
      .filter((dir) => existsSync(join(dir, 'cert9.db')));
  });
}

function chosenStores(values: Record<string, unknown>, platform: NodeJS.Platform): TrustStore[] {
  const named = (values.store as string[] | undefined) ?? [];
  for (const store of named) {
    if (!(TRUST_STORES as readonly string[]).includes(store)) {
      throw new UsageError(
        `Unknown store ${JSON.stringify(store)}: the stores are ${TRUST_STORES.join(', ')}`,
      );
    }
  }
  return named.length > 0 ? (named as TrustStore[]) : platformStores(platform);
}

const INSTALL_HINTS: Partial<Record<string, string>> = {
  certutil: 'install NSS tools first (Debian/Ubuntu: apt install libnss3-tools)',
};

function runStoreCommand(
  command: StoreCommand,
  machine: TlsCommandEnvironment,
  dryRun: boolean,
  io: CliIo,
): boolean {
  const line = shellLine(command.argv);
  if (dryRun || !storeRunsOn(command.store, machine.platform)) {
    const why = dryRun ? 'dry run' : `not on ${machine.platform}`;
    io.stdout(`  ${command.store}: ${command.purpose} (${why}), would run:\n    ${line}\n`);
    return true;
  }
  if (command.onlyIfMissing !== undefined) {
    if (existsSync(command.onlyIfMissing)) return true;
    mkdirSync(dirname(command.onlyIfMissing), { recursive: true, mode: 0o700 });
  }
  const result = machine.run(command.argv);
  if (result.error !== undefined || result.status !== 0) {
    const program = command.argv[0] ?? '';
    const reason =
      (result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT'
        ? `${program} not found: ${INSTALL_HINTS[program] ?? `install ${program}`}`
        : result.output || `exit status ${result.status}`;
    io.stderr(`nhicard: ${command.store}: ${command.purpose} failed: ${reason}\n    ${line}\n`);
    return false;
  }
  io.stdout(`  ${command.store}: ${command.purpose}: done\n`);
  return true;
}

async function show(tls: LocalTls, io: CliIo): Promise<void> {
  const ca = await describeCertificate((await tls.ensureCa()).ca.certPem);
  io.stdout(
    `Local CA     ${tls.files.caCert}\n` +
      `  subject    ${ca.subject}\n` +
      `  serial     ${ca.serialHex}\n` +
      `  valid      ${ca.notBefore.toISOString()} to ${ca.notAfter.toISOString()}\n` +
      `  SHA-256    ${ca.sha256}\n` +
      '  names      only localhost, 127.0.0.1 and ::1 (name constraints)\n',
  );
  const server = await tls.ensureServerCertificate();
  io.stdout(
    `Server cert  ${tls.files.serverCert}\n` +
      `  serial     ${server.serialHex}\n` +
      `  valid      ${server.notBefore.toISOString()} to ${server.notAfter.toISOString()}\n` +
      `  renewed    from ${tls.renewalTime(server).toISOString()} by the running broker\n`,
  );
}

/**
 * `nhicard tls create|show|install|uninstall`: the local CA behind `wss://` on loopback, and
 * its place in the trust stores of the current user's browsers. Where a store cannot be
 * reached from this machine (Windows' store on Linux, say), prints the exact commands instead.
 */
export async function runTls(
  args: readonly string[],
  io: CliIo,
  machine: TlsCommandEnvironment = processEnvironment,
): Promise<number> {
  if (args[0] === 'clinic-ca' || args[0] === 'clinic-issue') return runClinicCa(args, io);
  const commandLine = parseCommandLine(args, TLS_OPTIONS, 1);
  const [action] = commandLine.positionals;
  if (commandLine.values.help === true || action === undefined) {
    io.stdout(tlsHelp());
    return action === undefined && commandLine.values.help !== true
      ? EXIT_CODES.usage
      : EXIT_CODES.ok;
  }
  if (!['create', 'show', 'install', 'uninstall'].includes(action)) {
    throw new UsageError(
      `Unknown tls command ${JSON.stringify(action)}: the commands are create, show, install, uninstall, clinic-ca, clinic-issue`,
    );
  }
  let dir: string | undefined;
  try {
    const loaded = loadConfig({
      flags: { config: commandLine.values.config, 'tls-dir': commandLine.values['tls-dir'] },
      env: io.env,
      cwd: io.cwd,
    });
    dir = loaded.config.tls.dir;
  } catch (error) {
    if (!(error instanceof InvalidConfigError)) throw error;
    io.stderr(`nhicard: ${error.message}\n`);
    return EXIT_CODES.usage;
  }
  const tls = new LocalTls({ dir });
  if (action === 'create' || action === 'show') {
    if (action === 'create' && tls.hasCa()) io.stdout('The local CA exists already.\n');
    await show(tls, io);
    return EXIT_CODES.ok;
  }
  const stores = chosenStores(commandLine.values, machine.platform);
  const dryRun = commandLine.values['dry-run'] === true;
  const { ca } = await tls.ensureCa();
  const described = await describeCertificate(ca.certPem);
  const where: StoreLocations = {
    home: machine.home,
    firefoxProfiles: firefoxProfiles(machine.home),
  };
  const caForStores = {
    certPath: tls.files.caCert,
    serialHex: described.serialHex,
    sha1Hex: described.sha1Hex,
  };
  io.stdout(
    `${action === 'install' ? 'Installing' : 'Removing'} ${described.subject} (serial ${described.serialHex})\n`,
  );
  let ok = true;
  for (const store of stores) {
    const commands = storeCommands(
      store,
      action === 'install' ? 'install' : 'remove',
      caForStores,
      where,
    );
    if (commands.length === 0) io.stdout(`  ${store}: no profile found, nothing to do\n`);
    for (const command of commands) ok = runStoreCommand(command, machine, dryRun, io) && ok;
  }
  if (action === 'uninstall' && commandLine.values.delete === true && !dryRun) {
    await tls.remove();
    io.stdout(`Deleted the CA and server certificate in ${tls.dir}\n`);
  }
  if (action === 'install' && ok && !dryRun) {
    io.stdout('Restart the browser so it reads the new trust.\n');
  }
  return ok ? EXIT_CODES.ok : EXIT_CODES.failure;
}
