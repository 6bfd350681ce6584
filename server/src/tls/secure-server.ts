import { createServer, type Server } from 'node:https';
import type { Logger } from 'pino';
import { CertificateRenewal } from './certificate-renewal.js';
import type { IssuedCertificate } from './local-ca.js';
import { LocalTls } from './tls-directory.js';

/** How the broker serves `wss://` and `https://` on loopback. */
export interface TlsOptions {
  /** Port of the TLS listener; 0 picks a free one. */
  port: number;
  /** Folder of the local CA and server certificate. @default the user's data folder */
  dir?: string;
  /** Lifetime of each server certificate; renewed at two thirds. @default 7 */
  certificateLifetimeDays?: number;
  /** @default () => new Date() */
  now?: () => Date;
}

/** The TLS listener before it listens, and what it serves. */
export interface SecureServer {
  readonly server: Server;
  readonly tls: LocalTls;
  readonly renewal: CertificateRenewal;
  /** The local CA's certificate, PEM (what trust stores need). */
  readonly caCertPem: string;
}

/**
 * An HTTPS server with the local CA's server certificate (created on first use), which swaps
 * in each renewed certificate with `setSecureContext`: open connections keep theirs, new ones
 * get the new one, so a renewal drops nobody.
 */
export async function createSecureServer(
  options: TlsOptions,
  logger: Logger,
): Promise<SecureServer> {
  const tls = new LocalTls({
    dir: options.dir,
    certificateLifetimeDays: options.certificateLifetimeDays,
    now: options.now,
  });
  const { ca, created } = await tls.ensureCa();
  if (created) {
    logger.warn(
      { dir: tls.dir },
      'created a local CA for wss://; install it with `nhicard tls install` so browsers trust it',
    );
  }
  const current = await tls.ensureServerCertificate();
  const server = createServer({ cert: current.certPem, key: current.keyPem });
  const describe = (cert: IssuedCertificate) => ({
    serial: cert.serialHex,
    notAfter: cert.notAfter.toISOString(),
  });
  const renewal = new CertificateRenewal({
    tls,
    current,
    now: options.now,
    onRenewed: (cert) => {
      server.setSecureContext({ cert: cert.certPem, key: cert.keyPem });
      logger.info(describe(cert), 'server certificate renewed');
    },
    onError: (error) =>
      logger.error({ detail: String(error) }, 'server certificate renewal failed; retrying'),
  });
  logger.debug(describe(current), 'serving the local server certificate');
  return { server, tls, renewal, caCertPem: ca.certPem };
}
