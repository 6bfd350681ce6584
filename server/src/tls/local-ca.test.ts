import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createServer, type TLSSocket, connect as tlsConnect } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalCa, describeCertificate, issueServerCertificate } from './local-ca.js';

const servers: ReturnType<typeof createServer>[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** Serves `cert` on a free loopback port and tries a TLS handshake that trusts only `caPem`. */
async function handshake(
  cert: { certPem: string; keyPem: string },
  caPem: string,
  servername: string,
): Promise<{ ok: true; serial: string } | { ok: false; reason: string }> {
  const server = createServer({ cert: cert.certPem, key: cert.keyPem }, (socket) => socket.end());
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  return new Promise((resolve) => {
    const socket: TLSSocket = tlsConnect({ host: '127.0.0.1', port, ca: caPem, servername }, () => {
      resolve({ ok: true, serial: socket.getPeerCertificate().serialNumber.toLowerCase() });
      socket.destroy();
    });
    socket.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ ok: false, reason: `${error.code}: ${error.message}` }),
    );
  });
}

describe('the local CA', () => {
  it('is a CA for end-entity certificates only, limited to the loopback names', async () => {
    const ca = await createLocalCa({ now: () => new Date('2026-12-01T00:00:00Z') });
    const cert = new X509Certificate(ca.certPem);
    expect(cert.ca).toBe(true);
    expect(cert.subject).toBe('CN=nhicard local CA\nO=nhicard');
    expect(cert.validFrom).toBe('Nov 30 23:00:00 2026 GMT');
    expect(cert.validTo).toBe('Nov 28 00:00:00 2036 GMT');
    const text = cert.toLegacyObject();
    expect(text.serialNumber.toLowerCase()).toBe(ca.serialHex);
    expect(ca.keyPem.startsWith('-----BEGIN PRIVATE KEY-----\n')).toBe(true);
  });

  it('issues a 7-day server certificate for localhost, 127.0.0.1 and ::1 that verifies', async () => {
    const ca = await createLocalCa();
    const issued = await issueServerCertificate(ca, {
      now: () => new Date('2026-12-03T12:00:00Z'),
    });
    const cert = new X509Certificate(issued.certPem);
    expect(cert.verify(new X509Certificate(ca.certPem).publicKey)).toBe(true);
    expect(cert.subjectAltName).toBe(
      'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1',
    );
    expect(cert.keyUsage).toStrictEqual(['1.3.6.1.5.5.7.3.1']); // serverAuth only
    expect(issued.notBefore.toISOString()).toBe('2026-12-03T11:00:00.000Z');
    expect(issued.notAfter.toISOString()).toBe('2026-12-10T12:00:00.000Z');
    const described = await describeCertificate(issued.certPem);
    expect(described.serialHex).toBe(issued.serialHex);
    expect(described.sha256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  it('gives a certificate that a TLS client trusting only the CA accepts for localhost', async () => {
    const ca = await createLocalCa();
    const issued = await issueServerCertificate(ca);
    expect(await handshake(issued, ca.certPem, 'localhost')).toStrictEqual({
      ok: true,
      serial: issued.serialHex,
    });
  });

  it('cannot vouch for any other name: its signature on example.com is refused', async () => {
    const ca = await createLocalCa();
    const forged = await issueServerCertificate(ca, { names: { dns: ['example.com'], ip: [] } });
    const result = await handshake(forged, ca.certPem, 'example.com');
    expect(result.ok).toBe(false);
    // OpenSSL's verdict on the chain, before any host name check: the CA's name constraints.
    expect(result).toMatchObject({ reason: expect.stringMatching(/permitted subtree violation/) });
  });
});

describe('serial numbers', () => {
  it('are 16 bytes, positive, and read back from the certificate exactly as reported', async () => {
    const ca = await createLocalCa();
    for (let round = 0; round < 64; round += 1) {
      const issued = await issueServerCertificate(ca);
      expect(issued.serialHex).toMatch(/^[4-7][0-9a-f]{31}$/);
      expect((await describeCertificate(issued.certPem)).serialHex).toBe(issued.serialHex);
    }
  });
});
