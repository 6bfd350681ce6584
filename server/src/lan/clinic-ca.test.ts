import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkServerIdentity, createServer, connect as tlsConnect } from 'node:tls';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { issueServerCertificate } from '../tls/local-ca.js';
import { CLINIC_PERMITTED, ClinicCa, ClinicCaError, namesOutside } from './clinic-ca.js';

/**
 * A TLS handshake with `cert` served on loopback, by a client that trusts only `caPem` and
 * checks the certificate against `name`, as a monitor PC pointed at that name would.
 */
async function handshake(
  cert: { certPem: string; keyPem: string },
  caPem: string,
  name: string,
): Promise<string> {
  const server = createServer({ cert: cert.certPem, key: cert.keyPem }, (socket) => socket.end());
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  try {
    return await new Promise((resolve) => {
      const socket = tlsConnect(
        {
          host: '127.0.0.1',
          port,
          ca: caPem,
          ...(name.includes(':') || /^[\d.]+$/.test(name) ? {} : { servername: name }),
          checkServerIdentity: (_host, peer) => checkServerIdentity(name, peer),
        },
        () => {
          resolve('ok');
          socket.destroy();
        },
      );
      socket.on('error', (error: NodeJS.ErrnoException) =>
        resolve(`${error.code}: ${error.message}`),
      );
    });
  } finally {
    server.close();
  }
}

describe('the clinic CA', () => {
  let dir: string;
  let ca: ClinicCa;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nhicard-clinic-'));
    ca = new ClinicCa(join(dir, 'clinic'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is a separate CA, limited to private addresses, LAN suffixes and the named domains', async () => {
    const created = await ca.create(['clinic.example.tw']);
    const cert = new X509Certificate(created.certPem);
    expect(cert.ca).toBe(true);
    expect(cert.subject).toBe('CN=nhicard clinic CA\nO=nhicard');
    expect((await ca.load()).permitted).toStrictEqual({
      dns: ['lan', 'internal', 'home.arpa', 'local', 'clinic.example.tw'],
      ipRanges: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
    });
    expect((await stat(ca.files.caKey)).mode & 0o777).toBe(0o600);
    await expect(ca.create()).rejects.toThrow(
      new ClinicCaError(
        `A clinic CA exists already in ${ca.dir}; workstations trust it, so it is kept.`,
      ),
    );
  });

  it("issues a workstation's certificate that a client trusting the CA accepts for its names", async () => {
    await ca.create();
    const issued = await ca.issue('desk-1', { dns: ['desk-1.lan'], ip: ['192.168.7.21'] });
    const cert = new X509Certificate(issued.certificate.certPem);
    expect(cert.subject).toBe('CN=desk-1\nO=nhicard');
    expect(cert.subjectAltName).toBe('DNS:desk-1.lan, IP Address:192.168.7.21');
    expect(issued.certFile).toBe(join(ca.dir, 'workstations', 'desk-1', 'cert.pem'));
    expect((await stat(issued.keyFile)).mode & 0o777).toBe(0o600);
    const caPem = (await ca.load()).certPem;
    expect(await handshake(issued.certificate, caPem, '192.168.7.21')).toBe('ok');
    expect(await handshake(issued.certificate, caPem, 'desk-1.lan')).toBe('ok');
    expect(await handshake(issued.certificate, caPem, '192.168.7.22')).toMatch(
      /^ERR_TLS_CERT_ALTNAME_INVALID: /,
    );
  });

  it('refuses names it may not vouch for, and clients refuse a certificate forged for one', async () => {
    await ca.create();
    await expect(ca.issue('bank', { dns: ['www.example.com'], ip: ['8.8.8.8'] })).rejects.toThrow(
      'The clinic CA may vouch only for lan, internal, home.arpa, local, 10.0.0.0/8, ' +
        '172.16.0.0/12, 192.168.0.0/16, fc00::/7; not for www.example.com, 8.8.8.8',
    );
    await expect(ca.issue('Desk 1', { dns: [], ip: ['10.0.0.1'] })).rejects.toThrow(
      'Workstation name "Desk 1" must be lower-case letters, digits and -',
    );
    await expect(ca.issue('desk-1', { dns: [], ip: [] })).rejects.toThrow(
      'Name the workstation: --ip <address> and/or --dns <name>',
    );
    // Signed with the CA's key but around the check: the name constraints still hold.
    const loaded = await ca.load();
    const forged = await issueServerCertificate(loaded, {
      names: { dns: ['www.example.com'], ip: [] },
    });
    expect(await handshake(forged, loaded.certPem, 'www.example.com')).toMatch(
      /permitted subtree violation/,
    );
  });

  it('tells which names lie outside the permitted ones', () => {
    expect(
      namesOutside(
        {
          dns: ['a.lan', 'lan', 'evil-lan', 'x.internal.example'],
          ip: ['172.31.255.1', '172.32.0.1', 'fd00::5'],
        },
        CLINIC_PERMITTED,
      ),
    ).toStrictEqual(['evil-lan', 'x.internal.example', '172.32.0.1']);
  });
});
