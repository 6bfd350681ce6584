import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  type CertificateAndKey,
  createLocalCa,
  describeCertificate,
  type IssuedCertificate,
  issueServerCertificate,
} from './local-ca.js';

/**
 * Where nhicard keeps its local CA and server certificate when nothing else is set: the
 * user's own data folder, since the CA is trusted per user and the broker runs as that user.
 */
export function defaultTlsDirectory(env: NodeJS.ProcessEnv = process.env): string {
  if (process.platform === 'win32') {
    return join(env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'nhicard', 'tls');
  }
  if (process.platform === 'darwin') {
    return join(homedir(), 'Library', 'Application Support', 'nhicard', 'tls');
  }
  const dataHome = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(dataHome, 'nhicard', 'tls');
}

/** The files of a TLS directory. */
export function tlsFiles(dir: string) {
  return {
    caCert: join(dir, 'ca.pem'),
    /** Read only to sign the next server certificate; owner-only permissions. */
    caKey: join(dir, 'ca-key.pem'),
    serverCert: join(dir, 'server.pem'),
    serverKey: join(dir, 'server-key.pem'),
  };
}

/** Options of {@link LocalTls}. */
export interface LocalTlsOptions {
  /** The folder of the CA and server certificate. @default defaultTlsDirectory() */
  dir?: string;
  /** Lifetime of each server certificate. @default 7 */
  certificateLifetimeDays?: number;
  /** @default () => new Date() */
  now?: () => Date;
}

async function writePrivate(path: string, text: string): Promise<void> {
  // Written under another name and renamed, so a reader never sees half a key or certificate.
  const partial = `${path}.partial`;
  await writeFile(partial, text, { mode: 0o600 });
  await chmod(partial, 0o600);
  await rename(partial, path);
}

/**
 * The local CA and the broker's server certificate on disk: created on first use, the server
 * certificate reissued when a third of its life is left.
 */
export class LocalTls {
  readonly dir: string;
  readonly files: ReturnType<typeof tlsFiles>;
  private readonly lifetimeDays: number;
  private readonly now: () => Date;

  constructor(options: LocalTlsOptions = {}) {
    this.dir = options.dir ?? defaultTlsDirectory();
    this.files = tlsFiles(this.dir);
    this.lifetimeDays = options.certificateLifetimeDays ?? 7;
    this.now = options.now ?? (() => new Date());
  }

  /** Whether the CA exists. */
  hasCa(): boolean {
    return existsSync(this.files.caCert) && existsSync(this.files.caKey);
  }

  /** The CA, created first when there is none. */
  async ensureCa(): Promise<{ ca: CertificateAndKey; created: boolean }> {
    if (this.hasCa()) {
      const [certPem, keyPem] = await Promise.all([
        readFile(this.files.caCert, 'utf8'),
        readFile(this.files.caKey, 'utf8'),
      ]);
      return { ca: { certPem, keyPem }, created: false };
    }
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const ca = await createLocalCa({ now: this.now });
    await writePrivate(this.files.caKey, ca.keyPem);
    await writeFile(this.files.caCert, ca.certPem);
    // A new CA makes the old server certificate useless.
    await rm(this.files.serverCert, { force: true });
    return { ca, created: true };
  }

  /** The current server certificate, or null when there is none or it cannot be read. */
  async currentServerCertificate(): Promise<IssuedCertificate | null> {
    try {
      const [certPem, keyPem] = await Promise.all([
        readFile(this.files.serverCert, 'utf8'),
        readFile(this.files.serverKey, 'utf8'),
      ]);
      const { serialHex, notBefore, notAfter } = await describeCertificate(certPem);
      return { certPem, keyPem, serialHex, notBefore, notAfter };
    } catch {
      return null;
    }
  }

  /** When `cert` should be replaced: two thirds into its life. */
  renewalTime(cert: Pick<IssuedCertificate, 'notBefore' | 'notAfter'>): Date {
    const lifeMs = cert.notAfter.getTime() - cert.notBefore.getTime();
    return new Date(cert.notBefore.getTime() + (lifeMs * 2) / 3);
  }

  /** The server certificate to serve now: the one on disk while it is fresh, else a new one. */
  async ensureServerCertificate(): Promise<IssuedCertificate> {
    const { created } = await this.ensureCa();
    const current = created ? null : await this.currentServerCertificate();
    if (current !== null && this.now() < this.renewalTime(current)) return current;
    return this.renewServerCertificate();
  }

  /** Issues a new server certificate and stores it, replacing the old one. */
  async renewServerCertificate(): Promise<IssuedCertificate> {
    const { ca } = await this.ensureCa();
    const issued = await issueServerCertificate(ca, {
      lifetimeDays: this.lifetimeDays,
      now: this.now,
    });
    await writePrivate(this.files.serverKey, issued.keyPem);
    await writeFile(this.files.serverCert, issued.certPem);
    return issued;
  }

  /** Removes the CA and the server certificate (after `tls uninstall`). */
  async remove(): Promise<void> {
    for (const path of Object.values(this.files)) await rm(path, { force: true });
  }
}
