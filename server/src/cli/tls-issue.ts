import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { issueServerCertificate } from '../tls/local-ca.js';
import type { LocalTls } from '../tls/tls-directory.js';
import type { CliIo } from './cli-io.js';
import { UsageError } from './command-line.js';

/** The longest a page certificate may live: it is a development and intranet aid, renewed by hand. */
const MAX_PAGE_CERTIFICATE_DAYS = 90;

/**
 * `nhicard tls issue --out <dir> [--days <n>]`: a certificate of the local CA for a web page
 * served on this PC (`https://localhost:<port>` or `https://127.0.0.1:<port>`), e.g. the HIS
 * example on its own origin. Written as `cert.pem` and `key.pem` (owner-only). Like every
 * certificate of this CA it is valid only for localhost, 127.0.0.1 and ::1.
 */
export async function issuePageCertificate(
  tls: LocalTls,
  values: Record<string, unknown>,
  io: CliIo,
): Promise<void> {
  const out = values.out;
  if (typeof out !== 'string' || out === '') {
    throw new UsageError('tls issue needs --out <dir>: the folder for cert.pem and key.pem');
  }
  const daysText = typeof values.days === 'string' ? values.days : '30';
  const days = Number(daysText);
  if (!Number.isInteger(days) || days < 1 || days > MAX_PAGE_CERTIFICATE_DAYS) {
    throw new UsageError(
      `--days must be a whole number from 1 to ${MAX_PAGE_CERTIFICATE_DAYS} (got ${JSON.stringify(daysText)})`,
    );
  }
  const { ca } = await tls.ensureCa();
  const issued = await issueServerCertificate(ca, { lifetimeDays: days });
  const dir = resolve(io.cwd, out);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  await writeFile(certPath, issued.certPem);
  await writeFile(keyPath, issued.keyPem, { mode: 0o600 });
  io.stdout(
    `Issued a page certificate for localhost, 127.0.0.1 and ::1\n` +
      `  serial     ${issued.serialHex}\n` +
      `  valid      ${issued.notBefore.toISOString()} to ${issued.notAfter.toISOString()}\n` +
      `  cert       ${certPath}\n` +
      `  key        ${keyPath}\n`,
  );
}
