// `nhicard tls`: the local CA's files, and its place in trust stores. NSS (Chromium and Firefox
// on Linux) is changed for real in a throw-away home folder; Windows' and macOS's stores cannot
// be reached from here, so the exact commands printed for them are pinned instead.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTls, type TlsCommandEnvironment } from '../../server/src/cli/tls-command.js';
import { describeCertificate } from '../../server/src/tls/local-ca.js';
import { LocalTls } from '../../server/src/tls/tls-directory.js';
import { captureIo, realMachine, requireCertutil } from './tls-test-helpers.js';

const certutilFound = requireCertutil();

function nssList(dir: string): string {
  return spawnSync('certutil', ['-L', '-d', `sql:${dir}`], { encoding: 'utf8' }).stdout;
}

describe.skipIf(!certutilFound)('nhicard tls', () => {
  let home: string;
  let tlsDir: string;
  let machine: TlsCommandEnvironment;

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'nhicard-tls-home-'));
    tlsDir = join(home, 'ca');
    machine = { ...realMachine, home };
  });

  afterAll(async () => {
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('create makes the CA and a server certificate, keys readable by the owner only', async () => {
    const io = captureIo({ NHICARD_TLS_DIR: tlsDir });
    expect(await runTls(['create'], io, machine)).toBe(0);
    const tls = new LocalTls({ dir: tlsDir });
    const ca = await describeCertificate((await tls.ensureCa()).ca.certPem);
    expect(io.out).toContain(`Local CA     ${join(tlsDir, 'ca.pem')}\n`);
    expect(io.out).toContain(`  serial     ${ca.serialHex}\n`);
    expect(io.out).toContain('  names      only localhost, 127.0.0.1 and ::1 (name constraints)\n');
    expect(statSync(tls.files.caKey).mode & 0o777).toBe(0o600);
    expect(statSync(tls.files.serverKey).mode & 0o777).toBe(0o600);
    expect(statSync(tlsDir).mode & 0o777).toBe(0o700);
    const again = captureIo({ NHICARD_TLS_DIR: tlsDir });
    expect(await runTls(['create'], again, machine)).toBe(0);
    expect(again.out).toContain('The local CA exists already.\n');
    expect(again.out).toContain(`  serial     ${ca.serialHex}\n`);
  });

  it("install and uninstall change the user's NSS database and a Firefox profile", async () => {
    const profile = join(home, '.mozilla', 'firefox', 'abcd1234.default-release');
    await mkdir(profile, { recursive: true });
    expect(spawnSync('certutil', ['-N', '-d', `sql:${profile}`, '--empty-password']).status).toBe(
      0,
    );
    const io = captureIo({ NHICARD_TLS_DIR: tlsDir });
    expect(await runTls(['install'], io, machine)).toBe(0);
    const nssdb = join(home, '.pki', 'nssdb');
    for (const dir of [nssdb, profile]) expect(nssList(dir)).toMatch(/nhicard local CA\s+C,,\s*\n/);
    expect(io.out).toContain(`  nss: trust for TLS servers in ${nssdb}: done\n`);
    expect(io.out).toContain(`  firefox: trust for TLS servers in ${profile}: done\n`);

    const removal = captureIo({ NHICARD_TLS_DIR: tlsDir });
    expect(await runTls(['uninstall'], removal, machine)).toBe(0);
    for (const dir of [nssdb, profile]) expect(nssList(dir)).not.toContain('nhicard local CA');
  });

  it("prints the exact commands for Windows' and macOS's stores, which it cannot reach here", async () => {
    const tls = new LocalTls({ dir: tlsDir });
    const ca = await describeCertificate((await tls.ensureCa()).ca.certPem);
    const onLinux = { ...machine, platform: 'linux' as const };
    const install = captureIo({ NHICARD_TLS_DIR: tlsDir });
    expect(
      await runTls(['install', '--store', 'windows', '--store', 'macos'], install, onLinux),
    ).toBe(0);
    const caPath = join(tlsDir, 'ca.pem');
    const keychain = join(home, 'Library/Keychains/login.keychain-db');
    expect(install.out).toBe(
      `Installing CN=nhicard local CA, O=nhicard (serial ${ca.serialHex})\n` +
        `  windows: add to the current user's Root store (not on linux), would run:\n` +
        `    certutil.exe -user -addstore Root ${caPath}\n` +
        '  macos: trust in the login keychain (not on linux), would run:\n' +
        `    security add-trusted-cert -r trustRoot -p ssl -k ${keychain} ${caPath}\n` +
        'Restart the browser so it reads the new trust.\n',
    );
    const removal = captureIo({ NHICARD_TLS_DIR: tlsDir });
    expect(
      await runTls(['uninstall', '--store', 'windows', '--store', 'macos'], removal, onLinux),
    ).toBe(0);
    expect(removal.out).toBe(
      `Removing CN=nhicard local CA, O=nhicard (serial ${ca.serialHex})\n` +
        `  windows: delete from the current user's Root store (not on linux), would run:\n` +
        `    certutil.exe -user -delstore Root ${ca.serialHex}\n` +
        '  macos: drop its trust settings (not on linux), would run:\n' +
        `    security remove-trusted-cert ${caPath}\n` +
        '  macos: delete from the login keychain (not on linux), would run:\n' +
        `    security delete-certificate -Z ${ca.sha1Hex.toUpperCase()} ${keychain}\n`,
    );
  });

  it("changes Windows' Root store through crypt32 on Windows, reads it back; a dry run changes nothing", async () => {
    const tls = new LocalTls({ dir: tlsDir });
    const ca = await describeCertificate((await tls.ensureCa()).ca.certPem);
    const ran: string[][] = [];
    // Windows' own store is changed under Wine (test/windows-release); here a map stands in for
    // it, keyed by thumbprint, holding the DER that was added.
    const store = new Map<string, Buffer>();
    let refuse = false;
    const onWindows: TlsCommandEnvironment = {
      platform: 'win32',
      home,
      run(argv) {
        ran.push([...argv]);
        return { status: 0, output: '' };
      },
      windowsRootStore: () => ({
        add(der) {
          if (refuse) throw new Error('CertAddEncodedCertificateToStore failed (0x800704C7)');
          const bytes = Buffer.from(der);
          store.set(createHash('sha1').update(bytes).digest('hex'), bytes);
        },
        has: (sha1Hex) => store.has(sha1Hex),
        remove: (sha1Hex) => store.delete(sha1Hex),
      }),
    };
    const dry = captureIo({ NHICARD_TLS_DIR: tlsDir });
    expect(await runTls(['install', '--dry-run'], dry, onWindows)).toBe(0);
    expect(store.size).toBe(0);
    expect(dry.out).toContain(
      "  windows: add to the current user's Root store (dry run), would run:\n",
    );
    const real = captureIo({ NHICARD_TLS_DIR: tlsDir });
    expect(await runTls(['install'], real, onWindows)).toBe(0);
    expect(ran).toStrictEqual([]);
    const der = Buffer.from(
      (await readFile(join(tlsDir, 'ca.pem'), 'utf8')).replace(/-----[^-]+-----|\s/g, ''),
      'base64',
    );
    expect([...store.entries()]).toStrictEqual([[ca.sha1Hex, der]]);
    expect(real.out).toContain(
      `  windows: add to the current user's Root store: done (thumbprint ${ca.sha1Hex.toUpperCase()})\n`,
    );
    const removal = captureIo({ NHICARD_TLS_DIR: tlsDir });
    expect(await runTls(['uninstall'], removal, onWindows)).toBe(0);
    expect(store.size).toBe(0);
    const again = captureIo({ NHICARD_TLS_DIR: tlsDir });
    expect(await runTls(['uninstall'], again, onWindows)).toBe(0);
    expect(again.out).toContain(
      "  windows: delete from the current user's Root store: it was not there\n",
    );
    refuse = true;
    const refused = captureIo({ NHICARD_TLS_DIR: tlsDir });
    expect(await runTls(['install'], refused, onWindows)).toBe(1);
    expect(refused.err).toBe(
      "nhicard: windows: add to the current user's Root store failed: " +
        'CertAddEncodedCertificateToStore failed (0x800704C7)\n',
    );
    expect(store.size).toBe(0);
  });

  it('names the missing tool, and an unknown store or command is a usage error', async () => {
    const noCertutil: TlsCommandEnvironment = {
      ...machine,
      run: () => ({
        status: null,
        error: Object.assign(new Error('spawn certutil ENOENT'), { code: 'ENOENT' }),
        output: '',
      }),
    };
    await rm(join(home, '.pki'), { recursive: true, force: true });
    const io = captureIo({ NHICARD_TLS_DIR: tlsDir });
    expect(await runTls(['install', '--store', 'nss'], io, noCertutil)).toBe(1);
    expect(io.err).toContain(
      'certutil not found: install NSS tools first (Debian/Ubuntu: apt install libnss3-tools)',
    );
    await expect(runTls(['install', '--store', 'edge'], captureIo({}), machine)).rejects.toThrow(
      'Unknown store "edge": the stores are windows, nss, firefox, macos',
    );
    await expect(runTls(['renew'], captureIo({}), machine)).rejects.toThrow(
      'Unknown tls command "renew": the commands are create, show, install, uninstall, issue, clinic-ca, clinic-issue',
    );
  });
});
