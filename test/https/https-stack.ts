import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { runTls } from '../../server/src/cli/tls-command.js';
import { captureIo, realMachine } from '../tls/tls-test-helpers.js';

const SERVE_HTTPS = fileURLToPath(
  new URL('../../scripts/serve-examples-https.mjs', import.meta.url),
);

/** A home folder whose nhicard CA is trusted in its Chromium NSS database, and a page certificate. */
export interface TrustedHome {
  home: string;
  tlsDir: string;
  /** Folder with the page's cert.pem and key.pem from `nhicard tls issue`. */
  pageCertDir: string;
}

/** Creates the CA, issues the page certificate and installs the CA into NSS, with the CLI's own code. */
export async function trustedHome(): Promise<TrustedHome> {
  const home = await mkdtemp(join(tmpdir(), 'nhicard-https-home-'));
  const tlsDir = join(home, 'tls');
  const pageCertDir = join(home, 'page-cert');
  const env = { NHICARD_TLS_DIR: tlsDir };
  const issue = captureIo(env);
  if ((await runTls(['issue', '--out', pageCertDir], issue, realMachine)) !== 0) {
    throw new Error(`tls issue failed: ${issue.err}`);
  }
  const install = captureIo(env);
  if ((await runTls(['install', '--store', 'nss'], install, { ...realMachine, home })) !== 0) {
    throw new Error(`tls install failed: ${install.err}`);
  }
  return { home, tlsDir, pageCertDir };
}

/** The names the clinic's intranet page is reached by (Chromium maps them to 127.0.0.1). */
export const CLINIC_NAMES = ['his.clinic.test', 'other.clinic.test'] as const;

/**
 * The certificate of a web HIS on the clinic's intranet, from the clinic's own CA (not nhicard's:
 * that one can vouch only for loopback names), and that CA trusted in the same NSS database.
 * Returns the folder with cert.pem and key.pem, as serve-examples-https.mjs reads it.
 */
export async function clinicCertificate(home: string): Promise<string> {
  const dir = join(home, 'clinic-cert');
  await mkdir(dir, { recursive: true });
  const at = (name: string): string => join(dir, name);
  const openssl = (args: string[]): void => {
    execFileSync('openssl', args, { stdio: 'pipe' });
  };
  // A new P-256 key, unencrypted, for each certificate.
  const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout'];
  openssl([
    'req',
    '-x509',
    ...newKey,
    at('ca-key.pem'),
    '-out',
    at('ca.pem'),
    '-days',
    '2',
    '-subj',
    '/CN=Fictional clinic intranet CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign',
  ]);
  openssl([
    'req',
    ...newKey,
    at('key.pem'),
    '-out',
    at('page.csr'),
    '-subj',
    `/CN=${CLINIC_NAMES[0]}`,
  ]);
  const extensions = [
    `subjectAltName=${CLINIC_NAMES.map((name) => `DNS:${name}`).join(',')}`,
    'extendedKeyUsage=serverAuth',
    'basicConstraints=critical,CA:FALSE',
  ];
  await writeFile(at('page.ext'), `${extensions.join('\n')}\n`);
  openssl([
    'x509',
    '-req',
    '-in',
    at('page.csr'),
    '-CA',
    at('ca.pem'),
    '-CAkey',
    at('ca-key.pem'),
    '-CAcreateserial',
    '-out',
    at('cert.pem'),
    '-days',
    '2',
    '-extfile',
    at('page.ext'),
  ]);
  execFileSync('certutil', [
    '-d',
    `sql:${join(home, '.pki', 'nssdb')}`,
    '-A',
    '-t',
    'C,,',
    '-n',
    'clinic-ca',
    '-i',
    at('ca.pem'),
  ]);
  return dir;
}

/** The HIS example served over https by scripts/serve-examples-https.mjs, in a process of its own. */
export interface PageServer {
  /** `https://127.0.0.1:<port>`. */
  origin: string;
  port: number;
  stop(): Promise<void>;
}

/** Starts scripts/serve-examples-https.mjs on a free port and waits for the origin it prints. */
export async function startPageServer(certDir: string, sdkDir: string): Promise<PageServer> {
  const child: ChildProcess = spawn(
    process.execPath,
    [SERVE_HTTPS, '--cert', certDir, '--port', '0', '--sdk', sdkDir],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`serve-examples-https.mjs exited with ${code} before serving`);
  });
  const served = (async () => {
    for await (const line of lines) {
      const match = /^Serving (https:\/\/127\.0\.0\.1:(\d+))\/$/.exec(line);
      if (match?.[1] !== undefined) return { origin: match[1], port: Number(match[2]) };
    }
    throw new Error('serve-examples-https.mjs printed no origin');
  })();
  const { origin, port } = await Promise.race([served, exited]);
  exited.catch(() => {});
  return {
    origin,
    port,
    async stop() {
      if (child.exitCode !== null) return;
      const gone = once(child, 'exit');
      child.kill('SIGTERM');
      await gone;
    },
  };
}

/**
 * Counts every WebSocket the page constructs, and the URLs, from before its scripts run: the
 * proof that the SDK made no (further) attempt.
 */
export async function countWebSockets(page: Page): Promise<void> {
  await page.addInitScript(`(() => {
    const Native = window.WebSocket;
    window.__sockets = [];
    window.WebSocket = class extends Native {
      constructor(url, protocols) {
        window.__sockets.push(String(url));
        super(url, protocols);
      }
    };
  })()`);
}

/** The URLs of the WebSockets the page constructed so far. */
export function socketsOpened(page: Page): Promise<string[]> {
  return page.evaluate('window.__sockets') as Promise<string[]>;
}
