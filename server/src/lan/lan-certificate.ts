import { X509Certificate } from 'node:crypto';
import { type FSWatcher, watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createSecureContext } from 'node:tls';

/** A certificate and key read from the clinic's files, checked to belong together. */
export interface LanCertificate {
  readonly certPem: string;
  readonly keyPem: string;
  /** The DNS names and IP addresses the certificate is for (its subjectAltName). */
  readonly names: { readonly dns: string[]; readonly ip: string[] };
  readonly serialHex: string;
  readonly notAfter: Date;
}

/** Why a certificate file pair cannot be served, in words that name the file. */
class LanCertificateError extends Error {
  override readonly name = 'LanCertificateError';
}

/** The names of a certificate's subjectAltName (`DNS:a, IP Address:10.0.0.1`). */
function namesOf(cert: X509Certificate): LanCertificate['names'] {
  const dns: string[] = [];
  const ip: string[] = [];
  for (const entry of (cert.subjectAltName ?? '').split(', ')) {
    if (entry.startsWith('DNS:')) dns.push(entry.slice(4).toLowerCase());
    if (entry.startsWith('IP Address:')) ip.push(entry.slice(11).toLowerCase());
  }
  return { dns, ip };
}

/**
 * Reads and checks the certificate and key files: both PEM, the key the certificate's, the
 * certificate within its validity and naming at least one name (browsers ignore the subject's
 * CN). Nothing of the key is ever put into a message.
 * @throws LanCertificateError saying which file is wrong and how.
 */
export async function readLanCertificate(
  certFile: string,
  keyFile: string,
  now: Date = new Date(),
): Promise<LanCertificate> {
  const read = async (path: string, what: string): Promise<string> => {
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new LanCertificateError(`LAN mode: the ${what} ${path} cannot be read (${code})`);
    }
  };
  const [certPem, keyPem] = [
    await read(certFile, 'certificate file'),
    await read(keyFile, 'key file'),
  ];
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certPem);
  } catch {
    throw new LanCertificateError(`LAN mode: ${certFile} does not hold a PEM certificate`);
  }
  try {
    createSecureContext({ cert: certPem, key: keyPem });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new LanCertificateError(
      `LAN mode: the key in ${keyFile} does not fit the certificate in ${certFile} (${reason})`,
    );
  }
  const notAfter = new Date(cert.validTo);
  if (notAfter <= now || new Date(cert.validFrom) > now) {
    throw new LanCertificateError(
      `LAN mode: the certificate in ${certFile} is valid only from ${cert.validFrom} to ` +
        `${cert.validTo}: issue a new one (nhicard tls clinic-issue)`,
    );
  }
  const names = namesOf(cert);
  if (names.dns.length + names.ip.length === 0) {
    throw new LanCertificateError(
      `LAN mode: the certificate in ${certFile} names no DNS name or IP address (subjectAltName)`,
    );
  }
  return { certPem, keyPem, names, serialHex: cert.serialNumber.toLowerCase(), notAfter };
}

/**
 * Calls `onChange` when either file may have changed (their folders are watched: tools
 * replace certificates by renaming). A burst of events gives one call once it has settled.
 */
export function watchLanCertificate(
  certFile: string,
  keyFile: string,
  onChange: () => void,
): { close(): void } {
  const folders = [...new Set([dirname(certFile), dirname(keyFile)])];
  let timer: NodeJS.Timeout | undefined;
  const changed = (): void => {
    clearTimeout(timer);
    // Both files are usually replaced one after the other: read them once both are in place.
    timer = setTimeout(onChange, 200);
    timer.unref();
  };
  const watchers: FSWatcher[] = folders.map((folder) => {
    const watcher = watch(folder, { persistent: false }, changed);
    watcher.on('error', () => undefined);
    return watcher;
  });
  return {
    close() {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  };
}
