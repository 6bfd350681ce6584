import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import {
  createLocalCa,
  type IssuedCertificate,
  issueServerCertificate,
} from '../../server/src/tls/local-ca.js';

/** A fresh token of 256 bits, as `openssl rand -hex 32` makes one. */
export const newToken = (): string => randomBytes(32).toString('hex');

/**
 * A certificate "the clinic provides": from a CA of the test's own (not nhicard's clinic CA),
 * for 127.0.0.1 and `lan-test.localhost`, written to `cert.pem` and `key.pem` in `dir`.
 */
export async function clinicProvidedFiles(dir: string): Promise<{
  caPem: string;
  certFile: string;
  keyFile: string;
  issued: IssuedCertificate;
  reissue(): Promise<IssuedCertificate>;
}> {
  const ca = await createLocalCa({ commonName: 'test clinic CA' });
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  const write = async (): Promise<IssuedCertificate> => {
    const issued = await issueServerCertificate(ca, {
      names: { dns: ['lan-test.localhost'], ip: ['127.0.0.1'] },
    });
    await writeFile(keyFile, issued.keyPem, { mode: 0o600 });
    await writeFile(certFile, issued.certPem);
    return issued;
  };
  return { caPem: ca.certPem, certFile, keyFile, issued: await write(), reissue: write };
}

/** The serial of the certificate served at `host:port`, trusting only `caPem`. */
export function servedSerial(host: string, port: number, caPem: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host, port, ca: caPem }, () => {
      resolve(socket.getPeerCertificate().serialNumber.toLowerCase());
      socket.destroy();
    });
    socket.on('error', reject);
  });
}
