// LAN mode's listener, bound to loopback so that it runs anywhere: TLS with the clinic's own
// certificate files, tokens only (an Origin never admits or widens), presence unless the token
// grants more, the Host check, the per-token connection limit, the failed-token throttle per
// address, and a certificate swapped in when its files change. The test across two network
// namespaces is lan-netns.test.ts.
import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { readForbiddenAnswer } from '../server/error-answers.js';
import { type Refusal, refusalOf, TestClient } from '../server/test-client.js';
import { startTestServer, type TestServer } from '../server/test-server.js';
import { clinicProvidedFiles, newToken, servedSerial } from './lan-test-helpers.js';

const PRESENCE = newToken();
const READER = newToken();
const LIMITED = newToken();

/** A raw HTTPS request to the LAN port with the Host given. */
function get(port: number, ca: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpsRequest(
      // The certificate is checked for its own name; the Host header is what is under test.
      {
        host: '127.0.0.1',
        port,
        path: '/',
        ca,
        servername: 'lan-test.localhost',
        headers: { host },
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8').on('data', (chunk: string) => {
          body += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('the LAN listener (bound to loopback)', { timeout: 30_000 }, () => {
  let dir: string;
  let test: TestServer;
  let files: Awaited<ReturnType<typeof clinicProvidedFiles>>;
  let lanUrl: string;
  let lanPort: number;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nhicard-lan-'));
    files = await clinicProvidedFiles(dir);
    test = await startTestServer({
      lan: {
        host: '127.0.0.1',
        port: 0,
        certFile: files.certFile,
        keyFile: files.keyFile,
        tokens: { [PRESENCE]: ['presence'], [READER]: ['presence', 'read'], [LIMITED]: [] },
        maxConnectionsPerToken: 2,
        failedTokenBurst: 3,
        failedTokensPerMinute: 1,
      },
    });
    const lan = test.server.lan;
    if (lan === null) throw new Error('LAN mode did not start');
    lanUrl = lan.url;
    lanPort = lan.port;
  });

  afterAll(async () => {
    await test?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves wss:// on its own port, answering to the names of the certificate only', async () => {
    expect(lanUrl).toBe(`wss://127.0.0.1:${lanPort}/v1`);
    expect(test.server.lan?.hostNames).toStrictEqual([
      `lan-test.localhost:${lanPort}`,
      `127.0.0.1:${lanPort}`,
    ]);
    expect(await get(lanPort, files.caPem, `127.0.0.1:${lanPort}`)).toStrictEqual({
      status: 404,
      body: 'The LAN listener serves only the WebSocket endpoint /v1.\n',
    });
    expect((await get(lanPort, files.caPem, `evil.example:${lanPort}`)).status).toBe(421);
    expect((await get(lanPort, files.caPem, `localhost:${test.server.port}`)).status).toBe(421);
  });

  it('gives a presence token presence only, and FORBIDDEN for a read', async () => {
    const client = await TestClient.connect(lanUrl, { token: PRESENCE, ca: files.caPem });
    expect((await client.hello()).scopes).toStrictEqual(['presence']);
    expect(await client.request('card.read', { sections: ['basic'] }, 7)).toStrictEqual(
      readForbiddenAnswer(7),
    );
    await client.close();
  });

  it('gives more only where the token grants it; a token with no scopes still gets presence', async () => {
    const reader = await TestClient.connect(lanUrl, { token: READER, ca: files.caPem });
    expect((await reader.hello()).scopes).toStrictEqual(['presence', 'read']);
    const bare = await TestClient.connect(lanUrl, { token: LIMITED, ca: files.caPem });
    expect((await bare.hello()).scopes).toStrictEqual(['presence']);
    await reader.close();
    await bare.close();
  });

  it('never admits by Origin, and an Origin never adds a scope', async () => {
    // The broker's own loopback origin gets every scope on the loopback port: not here.
    const ownOrigin = `http://127.0.0.1:${test.server.port}`;
    const page = await TestClient.connect(lanUrl, { origin: ownOrigin, ca: files.caPem });
    expect(await page.closed).toStrictEqual({ code: 1008, reason: 'UNAUTHORIZED' });
    expect(page.frames).toStrictEqual([]);
    const withToken = await TestClient.connect(lanUrl, {
      origin: ownOrigin,
      token: PRESENCE,
      ca: files.caPem,
    });
    expect((await withToken.hello()).scopes).toStrictEqual(['presence']);
    await withToken.close();
  });

  it('refuses a missing token with 401, and plain ws:// fails the TLS handshake', async () => {
    expect(await refusalOf(lanUrl, { ca: files.caPem })).toStrictEqual({
      status: 401,
      body: 'This is the LAN listener: present a token (?token= or Authorization: Bearer).\n',
    });
    const plain = new WebSocket(`ws://127.0.0.1:${lanPort}/v1`, 'nhicard.v1.json', {
      headers: { authorization: `Bearer ${PRESENCE}` },
    });
    const outcome = await new Promise<string>((resolve) => {
      plain.once('open', () => resolve('open'));
      plain.once('message', () => resolve('message'));
      plain.once('error', (error: NodeJS.ErrnoException) => resolve(`error ${error.code ?? ''}`));
      plain.once('unexpected-response', (_request, response) =>
        resolve(`HTTP ${response.statusCode}`),
      );
    });
    // The TLS server resets a connection that does not start with a TLS handshake.
    expect(outcome).toBe('error ECONNRESET');
  });

  it('holds each token to its connection limit', async () => {
    const open = [
      await TestClient.connect(lanUrl, { token: PRESENCE, ca: files.caPem }),
      await TestClient.connect(lanUrl, { token: PRESENCE, ca: files.caPem }),
    ];
    expect(await refusalOf(lanUrl, { token: PRESENCE, ca: files.caPem })).toStrictEqual({
      status: 429,
      body: 'Too many connections from this client (2); close some first.\n',
    });
    const other = await TestClient.connect(lanUrl, { token: READER, ca: files.caPem });
    expect((await other.hello()).scopes).toStrictEqual(['presence', 'read']);
    for (const client of [...open, other]) await client.close();
    const again = await TestClient.connect(lanUrl, { token: PRESENCE, ca: files.caPem });
    await again.hello();
    await again.close();
  });

  it('throttles wrong tokens per address: after the burst even the right one gets 429', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const refusal: Refusal = await refusalOf(lanUrl, { token: newToken(), ca: files.caPem });
      statuses.push(refusal.status);
    }
    expect(statuses).toStrictEqual([401, 401, 401]);
    expect(await refusalOf(lanUrl, { token: PRESENCE, ca: files.caPem })).toStrictEqual({
      status: 429,
      body: 'Too many wrong tokens from this address; wait and try again.\n',
    });
    // The loopback listener keeps its own throttle: a local HIS is not locked out by the LAN.
    const local = await TestClient.connect(test.server.url, { token: 'test-token-read' });
    expect((await local.hello()).scopes).toStrictEqual(['presence', 'read']);
    await local.close();
  });

  it('swaps in a new certificate when its files change, without a restart', async () => {
    const before = await servedSerial('127.0.0.1', lanPort, files.caPem);
    expect(before).toBe(files.issued.serialHex);
    const renewed = await files.reissue();
    await expect
      .poll(() => servedSerial('127.0.0.1', lanPort, files.caPem), { timeout: 10_000 })
      .toBe(renewed.serialHex);
    expect(test.server.lan?.certificate().serialHex).toBe(renewed.serialHex);
  });
});
