import { InvalidConfigError } from '../config/config-error.js';
import { loadConfig } from '../config/load-config.js';
import { describeCertificate } from '../tls/local-ca.js';
import { LocalTls } from '../tls/tls-directory.js';
import { platformStores, TRUST_STORES, type TrustStore } from '../tls/trust-stores.js';
import { type CliIo, EXIT_CODES } from './cli-io.js';
import { runClinicCa } from './clinic-ca-command.js';
import { type OptionTable, parseCommandLine, UsageError } from './command-line.js';
import { tlsHelp } from './help-text.js';
import { processEnvironment, type TlsCommandEnvironment, trustLocalCa } from './trust-local-ca.js';

export { processEnvironment, type TlsCommandEnvironment } from './trust-local-ca.js';

import { issuePageCertificate } from './tls-issue.js';

const TLS_OPTIONS: OptionTable = {
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  'tls-dir': { type: 'string' },
  store: { type: 'string', multiple: true },
  'dry-run': { type: 'boolean' },
  delete: { type: 'boolean' },
  out: { type: 'string' },
  days: { type: 'string' },
};

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
  if (!['create', 'show', 'install', 'uninstall', 'issue'].includes(action)) {
    throw new UsageError(
      `Unknown tls command ${JSON.stringify(action)}: the commands are create, show, install, uninstall, issue, clinic-ca, clinic-issue`,
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
  if (action === 'issue') {
    await issuePageCertificate(tls, commandLine.values, io);
    return EXIT_CODES.ok;
  }
  const stores = chosenStores(commandLine.values, machine.platform);
  const dryRun = commandLine.values['dry-run'] === true;
  const change = action === 'install' ? 'install' : 'remove';
  const ok = await trustLocalCa(change, tls, stores, machine, dryRun, io);
  if (action === 'uninstall' && commandLine.values.delete === true && !dryRun) {
    await tls.remove();
    io.stdout(`Deleted the CA and server certificate in ${tls.dir}\n`);
  }
  if (action === 'install' && ok && !dryRun) {
    io.stdout('Restart the browser so it reads the new trust.\n');
  }
  return ok ? EXIT_CODES.ok : EXIT_CODES.failure;
}
