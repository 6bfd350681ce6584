import { randomBytes } from 'node:crypto';
import { basename, join } from 'node:path';
import { InvalidConfigError } from '../config/config-error.js';
import { loadConfig } from '../config/load-config.js';
import { ClinicCa, ClinicCaError, type IssuedWorkstation } from '../lan/clinic-ca.js';
import { LAN_DEFAULTS } from '../lan/lan-options.js';
import { describeCertificate, type ServerNames } from '../tls/local-ca.js';
import { defaultTlsDirectory } from '../tls/tls-directory.js';
import { shellLine } from '../tls/trust-stores.js';
import { type CliIo, EXIT_CODES } from './cli-io.js';
import { type OptionTable, parseCommandLine, UsageError } from './command-line.js';

const CLINIC_OPTIONS: OptionTable = {
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  'tls-dir': { type: 'string' },
  'clinic-dir': { type: 'string' },
  domain: { type: 'string', multiple: true },
  ip: { type: 'string', multiple: true },
  dns: { type: 'string', multiple: true },
  days: { type: 'string' },
};

/** The nickname of the clinic CA in NSS databases, apart from the loopback CA's. */
const CLINIC_NICKNAME = 'nhicard clinic CA';

/** The clinic CA's folder: `--clinic-dir`, else `clinic/` in the TLS folder. */
function clinicDir(values: Record<string, unknown>, io: CliIo): string {
  const named = values['clinic-dir'];
  if (typeof named === 'string') return named;
  const loaded = loadConfig({
    flags: {
      config: values.config as string | undefined,
      'tls-dir': values['tls-dir'] as string | undefined,
    },
    env: io.env,
    cwd: io.cwd,
  });
  return join(loaded.config.tls.dir ?? defaultTlsDirectory(io.env), 'clinic');
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

/** The steps that put the clinic CA into a monitor PC's trust stores, per platform. */
function trustSteps(caFile: string): string[] {
  const name = basename(caFile);
  return [
    `  Windows         ${shellLine(['certutil.exe', '-user', '-addstore', 'Root', name])}`,
    `  Linux (Chrome)  certutil -d sql:$HOME/.pki/nssdb -A -t C,, -n "${CLINIC_NICKNAME}" -i ${name}`,
    `  Firefox         the same with -d sql:<the profile folder>, or Settings > Certificates > Import`,
    `  macOS           ${shellLine(['security', 'add-trusted-cert', '-r', 'trustRoot', '-p', 'ssl', '-k'])} ~/Library/Keychains/login.keychain-db ${name}`,
    `  Node programs   NODE_EXTRA_CA_CERTS=${name}`,
  ];
}

async function describeIssued(
  workstation: string,
  names: ServerNames,
  issued: IssuedWorkstation,
  ca: ClinicCa,
  io: CliIo,
): Promise<void> {
  const cert = await describeCertificate(issued.certificate.certPem);
  const token = randomBytes(32).toString('hex');
  const address = names.ip[0] ?? `<${workstation}'s address>`;
  const urlHost = names.dns[0] ?? (address.includes(':') ? `[${address}]` : address);
  const port = LAN_DEFAULTS.port;
  const config = {
    lan: {
      host: address,
      certFile: `<folder>/cert.pem`,
      keyFile: `<folder>/key.pem`,
      tokens: { [token]: ['presence'] },
    },
  };
  io.stdout(
    [
      `Issued ${workstation}'s certificate (serial ${cert.serialHex})`,
      `  names     ${[...names.dns, ...names.ip].join(', ')}`,
      `  valid     ${cert.notBefore.toISOString()} to ${cert.notAfter.toISOString()}`,
      `  cert      ${issued.certFile}`,
      `  key       ${issued.keyFile} (secret: copy it only to ${workstation})`,
      '',
      `On ${workstation}:`,
      `  1. Copy cert.pem and key.pem into a <folder> there; only the broker's user may read key.pem.`,
      '  2. Add LAN mode to its nhicard.config.json (the token is new, made now; keep it secret,',
      '     give it only to the monitors; "read" next to "presence" would let them read cards):',
      ...JSON.stringify(config, null, 2)
        .split('\n')
        .map((line) => `       ${line}`),
      `  3. Let TCP ${port} in from the monitor PCs only (Windows: ${shellLine([
        'netsh',
        'advfirewall',
        'firewall',
        'add',
        'rule',
        'name=nhicard LAN',
        'dir=in',
        'action=allow',
        'protocol=TCP',
        `localport=${port}`,
        'remoteip=<monitor addresses>',
      ])}).`,
      `  4. Restart nhicard; its banner shows the LAN line.`,
      '',
      `On each monitor PC, trust the clinic CA once (copy ${ca.files.caCert}, never its key):`,
      ...trustSteps(ca.files.caCert),
      '',
      `Then watch ${workstation} at wss://${urlHost}:${port}/v1 with the token`,
      '  (client SDK: createClient({ url, token }); the monitor example: its broker list).',
      '',
    ].join('\n'),
  );
}

/**
 * `nhicard tls clinic-ca` and `nhicard tls clinic-issue <workstation>`: the clinic CA of LAN
 * mode, kept on one PC, and the per-workstation certificates it issues, with the steps that
 * install them. Separate from the loopback CA, which can vouch for loopback names only.
 */
export async function runClinicCa(args: readonly string[], io: CliIo): Promise<number> {
  const commandLine = parseCommandLine(args, CLINIC_OPTIONS, 2);
  const [action, workstation] = commandLine.positionals;
  const values = commandLine.values;
  let ca: ClinicCa;
  try {
    ca = new ClinicCa(clinicDir(values, io));
  } catch (error) {
    if (!(error instanceof InvalidConfigError)) throw error;
    io.stderr(`nhicard: ${error.message}\n`);
    return EXIT_CODES.usage;
  }
  try {
    if (action === 'clinic-ca') {
      if (workstation !== undefined) throw new UsageError(`Unexpected argument "${workstation}"`);
      const existed = ca.exists();
      const { certPem } = existed ? await ca.load() : await ca.create(strings(values.domain));
      const described = await describeCertificate(certPem);
      const { permitted } = await ca.load();
      io.stdout(
        `${existed ? 'The clinic CA exists already' : 'Created the clinic CA'}: ${ca.files.caCert}\n` +
          `  serial     ${described.serialHex}\n` +
          `  valid      ${described.notBefore.toISOString()} to ${described.notAfter.toISOString()}\n` +
          `  SHA-256    ${described.sha256}\n` +
          `  names      only ${[...permitted.dns, ...permitted.ipRanges].join(', ')} (name constraints)\n` +
          `  key        ${ca.files.caKey} (secret: never leaves this PC)\n` +
          `Next: ${io.commandName} tls clinic-issue <workstation> --ip <address> [--dns <name>]\n`,
      );
      return EXIT_CODES.ok;
    }
    if (workstation === undefined) {
      throw new UsageError('Name the workstation: tls clinic-issue <workstation> --ip <address>');
    }
    const days = values.days === undefined ? 397 : Number(values.days);
    if (!Number.isInteger(days) || days < 1 || days > 3650) {
      throw new UsageError(
        `--days must be a whole number of days from 1 to 3650 (got ${String(values.days)})`,
      );
    }
    const names = { dns: strings(values.dns).map((n) => n.toLowerCase()), ip: strings(values.ip) };
    const issued = await ca.issue(workstation, names, days);
    await describeIssued(workstation, names, issued, ca, io);
    return EXIT_CODES.ok;
  } catch (error) {
    if (!(error instanceof ClinicCaError)) throw error;
    io.stderr(`nhicard: ${error.message}\n`);
    return EXIT_CODES.failure;
  }
}
