// `nhicard tls clinic-ca` and `nhicard tls clinic-issue`: the clinic CA on one PC, a
// workstation's certificate, and the install steps printed for it.
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runTls } from '../../server/src/cli/tls-command.js';
import { captureIo } from '../tls/tls-test-helpers.js';

describe('nhicard tls clinic-ca / clinic-issue', () => {
  let dir: string;
  let clinicDir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nhicard-clinic-cli-'));
    clinicDir = join(dir, 'clinic');
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Runs `nhicard tls <args> --clinic-dir <the test's>`: its exit code and what it printed. */
  async function tls(
    ...args: string[]
  ): Promise<{ code: number; io: ReturnType<typeof captureIo> }> {
    const io = captureIo({});
    return { code: await runTls([...args, '--clinic-dir', clinicDir], io), io };
  }

  it('asks for the CA before issuing, and creates it once', async () => {
    const early = await tls('clinic-issue', 'desk-1', '--ip', '192.168.1.21');
    expect(early.code).toBe(1);
    expect(early.io.err).toBe(
      `nhicard: No clinic CA in ${clinicDir}: create it first (nhicard tls clinic-ca)\n`,
    );
    const { code, io } = await tls('clinic-ca', '--domain', 'clinic.example.tw');
    expect(code).toBe(0);
    expect(io.out.split('\n')[0]).toBe(
      `Created the clinic CA: ${join(clinicDir, 'clinic-ca.pem')}`,
    );
    expect(io.out).toContain(
      '  names      only lan, internal, home.arpa, local, clinic.example.tw, 10.0.0.0/8, ' +
        '172.16.0.0/12, 192.168.0.0/16, fc00::/7 (name constraints)\n',
    );
    const again = await tls('clinic-ca');
    expect(again.code).toBe(0);
    expect(again.io.out.split('\n')[0]).toBe(
      `The clinic CA exists already: ${join(clinicDir, 'clinic-ca.pem')}`,
    );
  });

  it("issues a workstation's certificate and prints settings that load, with a fresh token", async () => {
    await tls('clinic-ca');
    const { code, io } = await tls(
      'clinic-issue',
      'desk-1',
      '--ip',
      '192.168.1.21',
      '--dns',
      'Desk-1.lan',
      '--days',
      '30',
    );
    expect(code).toBe(0);
    const certFile = join(clinicDir, 'workstations', 'desk-1', 'cert.pem');
    const cert = new X509Certificate(await readFile(certFile, 'utf8'));
    expect(cert.subjectAltName).toBe('DNS:desk-1.lan, IP Address:192.168.1.21');
    const lifeDays = (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / 86_400_000;
    expect(Math.round(lifeDays * 24)).toBe(30 * 24 + 1); // 30 days, backdated an hour
    const lines = io.out.split('\n');
    expect(lines[0]).toMatch(/^Issued desk-1's certificate \(serial [0-9a-f]{32}\)$/);
    expect(lines).toContain('  names     desk-1.lan, 192.168.1.21');
    expect(lines).toContain(`  cert      ${certFile}`);
    const json = /\{\n[\s\S]*?\n {7}\}/.exec(io.out)?.[0] ?? '';
    const settings = JSON.parse(json) as {
      lan: { host: string; tokens: Record<string, string[]> };
    };
    expect(settings.lan.host).toBe('192.168.1.21');
    const [[token, scopes]] = Object.entries(settings.lan.tokens) as [[string, string[]]];
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(scopes).toStrictEqual(['presence']);
    expect(lines).toContain('  Windows         certutil.exe -user -addstore Root clinic-ca.pem');
    expect(lines).toContain('Then watch desk-1 at wss://desk-1.lan:7770/v1 with the token');
  });

  it('refuses a public name, a bad workstation name and a bad --days, saying why', async () => {
    await tls('clinic-ca');
    const { code, io } = await tls('clinic-issue', 'desk-1', '--dns', 'www.example.com');
    expect(code).toBe(1);
    expect(io.err).toBe(
      'nhicard: The clinic CA may vouch only for lan, internal, home.arpa, local, 10.0.0.0/8, ' +
        '172.16.0.0/12, 192.168.0.0/16, fc00::/7; not for www.example.com\n',
    );
    await expect(tls('clinic-issue', 'desk-1', '--ip', '10.0.0.1', '--days', '0')).rejects.toThrow(
      '--days must be a whole number of days from 1 to 3650 (got 0)',
    );
  });
});
