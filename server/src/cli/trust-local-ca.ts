import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { bindWindowsRootStore, type WindowsRootStore } from '@nhicard/native';
import { describeCertificate } from '../tls/local-ca.js';
import type { LocalTls } from '../tls/tls-directory.js';
import {
  type StoreCommand,
  type StoreLocations,
  shellLine,
  storeCommands,
  storeRunsOn,
  type TrustStore,
} from '../tls/trust-stores.js';
import type { CliIo } from './cli-io.js';

/** How trusting the CA reaches the machine: platform, home, commands, Windows' store. */
export interface TlsCommandEnvironment {
  platform: NodeJS.Platform;
  home: string;
  /** Runs a command; resolves with its exit status, or an error when it could not start. */
  run(argv: readonly string[]): { status: number | null; error?: Error; output: string };
  /**
   * The current user's Root store on Windows, changed through crypt32 (as certutil does).
   * Wine's certutil.exe is a stub that changes nothing and still exits 0, while Wine's crypt32
   * keeps the store, so this way the result can be read back, on Windows and under Wine alike.
   */
  windowsRootStore(): WindowsRootStore;
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
  windowsRootStore: () => bindWindowsRootStore(),
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

const INSTALL_HINTS: Partial<Record<string, string>> = {
  certutil: 'install NSS tools first (Debian/Ubuntu: apt install libnss3-tools)',
};

/** The DER bytes of a PEM certificate. */
function pemToDer(certPem: string): Buffer {
  const body = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(certPem)?.[1];
  if (body === undefined) throw new Error('the CA file holds no PEM certificate');
  return Buffer.from(body.replace(/\s+/g, ''), 'base64');
}

interface CaInStores {
  certPem: string;
  sha1Hex: string;
}

/** Windows' store through crypt32, the result read back. */
function changeWindowsStore(
  action: 'install' | 'remove',
  ca: CaInStores,
  machine: TlsCommandEnvironment,
): { ok: true; note: string } | { ok: false; reason: string } {
  try {
    const store = machine.windowsRootStore();
    const thumbprint = ca.sha1Hex.toUpperCase();
    if (action === 'install') {
      store.add(pemToDer(ca.certPem));
      if (!store.has(ca.sha1Hex)) return { ok: false, reason: 'not found in the store after it' };
      return { ok: true, note: `done (thumbprint ${thumbprint})` };
    }
    const removed = store.remove(ca.sha1Hex);
    if (store.has(ca.sha1Hex)) return { ok: false, reason: 'still in the store after it' };
    return { ok: true, note: removed ? `done (thumbprint ${thumbprint})` : 'it was not there' };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}

function runStoreCommand(
  command: StoreCommand,
  action: 'install' | 'remove',
  ca: CaInStores,
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
  if (command.store === 'windows') {
    const result = changeWindowsStore(action, ca, machine);
    if (!result.ok) {
      io.stderr(`nhicard: windows: ${command.purpose} failed: ${result.reason}\n`);
      return false;
    }
    io.stdout(`  windows: ${command.purpose}: ${result.note}\n`);
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

/**
 * Adds the local CA to (or removes it from) `stores` for the current user, creating the CA
 * first when there is none; where a store cannot be reached from this machine (Windows' store
 * on Linux, say) or on a dry run, prints the exact commands instead. Used by `nhicard tls` and
 * by `nhicard install` / `uninstall`.
 * @returns whether every store was changed
 */
export async function trustLocalCa(
  action: 'install' | 'remove',
  tls: LocalTls,
  stores: readonly TrustStore[],
  machine: TlsCommandEnvironment,
  dryRun: boolean,
  io: CliIo,
): Promise<boolean> {
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
  const inStores = { certPem: ca.certPem, sha1Hex: described.sha1Hex };
  let ok = true;
  for (const store of stores) {
    const commands = storeCommands(store, action, caForStores, where);
    if (commands.length === 0) io.stdout(`  ${store}: no profile found, nothing to do\n`);
    for (const command of commands) {
      ok = runStoreCommand(command, action, inStores, machine, dryRun, io) && ok;
    }
  }
  return ok;
}
