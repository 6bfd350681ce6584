// The local CA in a real browser: Debian's Chromium with the CA installed into its NSS database
// by `nhicard tls install` (no --ignore-certificate-errors anywhere) loads the broker's https
// page and opens wss://; a certificate the same CA signed for example.com is refused, because
// the CA's name constraints allow only the loopback names.
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer as createHttpsServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSimulatorDriver } from '@nhicard/native';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTls, type TlsCommandEnvironment } from '../../server/src/cli/tls-command.js';
import { type RunningServer, startServer } from '../../server/src/server.js';
import { issueServerCertificate } from '../../server/src/tls/local-ca.js';
import { LocalTls } from '../../server/src/tls/tls-directory.js';
import { launchChromium, requireChromium } from '../examples/examples-stack.js';
import { captureIo, realMachine, requireCertutil } from './tls-test-helpers.js';

const chromiumFound = requireChromium();
const certutilFound = requireCertutil();

describe.skipIf(!chromiumFound || !certutilFound)('the local CA in Chromium', () => {
  let home: string;
  let tlsDir: string;
  let server: RunningServer;
  let forged: Server;
  let browser: Browser;

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'nhicard-chromium-home-'));
    tlsDir = join(home, 'tls');
    server = await startServer({
      port: 0,
      driver: createSimulatorDriver({ samAuthDelayMs: 0, readLatencyMs: 0 }),
      tls: { port: 0, dir: tlsDir },
    });
    const machine: TlsCommandEnvironment = { ...realMachine, home };
    const io = captureIo({ NHICARD_TLS_DIR: tlsDir });
    expect(await runTls(['install', '--store', 'nss'], io, machine)).toBe(0);
    // A certificate for another name, signed with the very same CA key.
    const ca = await new LocalTls({ dir: tlsDir }).ensureCa();
    const cert = await issueServerCertificate(ca.ca, { names: { dns: ['example.com'], ip: [] } });
    forged = createHttpsServer({ cert: cert.certPem, key: cert.keyPem }, (_request, response) =>
      response.end('forged'),
    );
    forged.listen(0, '127.0.0.1');
    await once(forged, 'listening');
    browser = await launchChromium({
      home: home,
      extraArgs: ['--host-resolver-rules=MAP example.com 127.0.0.1'],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    forged?.close();
    await server?.close();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it("loads the broker's https page and opens wss:// with the CA from NSS", async () => {
    const secure = server.secure;
    if (secure === null) throw new Error('no wss listener');
    const page = await browser.newPage();
    const response = await page.goto(secure.httpUrl);
    expect(response?.status()).toBe(200);
    expect(page.url()).toBe(secure.httpUrl);
    const hello = await page.evaluate(
      (url) =>
        new Promise<string>((resolve) => {
          const socket = new WebSocket(url, 'nhicard.v1.json');
          socket.onmessage = (event) => {
            resolve(JSON.parse(String(event.data)).type);
            socket.close();
          };
          socket.onerror = () => resolve('error');
        }),
      secure.url,
    );
    expect(hello).toBe('hello');
    await page.close();
  });

  it('refuses a certificate the CA signed for example.com', async () => {
    const page = await browser.newPage();
    const port = (forged.address() as AddressInfo).port;
    const failure = await page.goto(`https://example.com:${port}/`).then(
      () => 'loaded',
      (error: Error) => error.message,
    );
    // Not AUTHORITY_INVALID (the CA is trusted) nor COMMON_NAME_INVALID (the name matches):
    // Chromium rejects the chain itself, as the CA's name constraints forbid example.com.
    expect(failure).toMatch(/^page.goto: net::ERR_CERT_INVALID at /);
    await page.close();
  });
});
