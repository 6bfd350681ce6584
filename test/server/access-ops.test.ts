// The access.* ops against a real broker on the simulator: what the demo page's site-access
// panel does, over the wire, with the access file on disk.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pageRefusalOf, TestClient } from './test-client.js';
import { KIOSK_ORIGIN, startTestServer, type TestServer, TOKENS } from './test-server.js';

const PAGE = 'https://new-his.example.test';
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('access.* ops', () => {
  let test: TestServer;
  let consentFile: string;

  beforeEach(async () => {
    consentFile = join(await mkdtemp(join(tmpdir(), 'nhicard-access-ops-')), 'access.json');
    test = await startTestServer({ access: { consentFile } });
  });

  afterEach(async () => {
    await test.close();
  });

  it('lists a request, approves it with the scopes chosen, and a revocation ends the session at once', async () => {
    const admin = await TestClient.connect(test.server.url);
    expect((await admin.hello()).scopes).toContain('admin');
    expect(await admin.request('access.list', {})).toMatchObject({
      ok: true,
      result: { origins: [] },
    });

    const asking = `${test.server.url}?access=presence,read`;
    expect(await pageRefusalOf(asking, { origin: PAGE })).toStrictEqual({
      code: 1008,
      reason: 'ACCESS_PENDING',
      frames: 0,
    });
    const listed = await admin.request('access.list', {});
    const pending = listed.ok ? (listed.result as { origins: { since: string }[] }) : null;
    expect(pending?.origins).toStrictEqual([
      { origin: PAGE, status: 'pending', scopes: ['presence', 'read'], since: expect.any(String) },
    ]);
    expect(pending?.origins[0]?.since).toMatch(ISO);

    // Chosen: presence only, though it asked for read.
    expect(
      await admin.request('access.approve', { origin: PAGE, scopes: ['presence'] }),
    ).toMatchObject({ ok: true, result: { origin: PAGE, scopes: ['presence'] } });
    const page = await TestClient.connect(asking, { origin: PAGE });
    expect((await page.hello()).scopes).toStrictEqual(['presence']);
    const onDisk = JSON.parse(await readFile(consentFile, 'utf8')) as {
      origins: Record<string, unknown>;
    };
    expect(onDisk.origins[PAGE]).toMatchObject({ status: 'approved', scopes: ['presence'] });

    // Revoked: the open page is closed with the typed code.
    expect(await admin.request('access.deny', { origin: PAGE })).toMatchObject({
      ok: true,
      result: { origin: PAGE },
    });
    expect(await page.closed).toStrictEqual({ code: 1008, reason: 'ACCESS_DENIED' });
    expect(await pageRefusalOf(asking, { origin: PAGE })).toMatchObject({
      reason: 'ACCESS_DENIED',
    });
    expect(await admin.request('access.list', {})).toMatchObject({
      ok: true,
      result: { origins: [{ origin: PAGE, status: 'denied', scopes: [] }] },
    });
    await admin.close();
  });

  it('never gives a page admin, and changes nothing when it refuses', async () => {
    const admin = await TestClient.connect(test.server.url);
    await admin.hello();
    const refused = await admin.request('access.approve', { origin: PAGE, scopes: ['admin'] });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: 'A page can be approved for presence and read only.' },
    });
    const opaque = await admin.request('access.approve', { origin: 'null' });
    expect(opaque).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: expect.stringContaining('params.origin') },
    });
    expect(await admin.request('access.list', {})).toMatchObject({
      ok: true,
      result: { origins: [] },
    });
    await admin.close();
  });

  it('is forbidden below admin: to a kiosk page and to a read token', async () => {
    const kiosk = await TestClient.connect(test.server.url, { origin: KIOSK_ORIGIN });
    const reader = await TestClient.connect(test.server.url, { token: TOKENS.read });
    for (const client of [kiosk, reader]) {
      await client.hello();
      for (const [op, params] of [
        ['access.list', {}],
        ['access.approve', { origin: PAGE }],
        ['access.deny', { origin: PAGE }],
      ] as const) {
        const answer = await client.request(op, params as never);
        expect(answer.ok ? 'ok' : answer.error.code, op).toBe('FORBIDDEN');
      }
      await client.close();
    }
  });

  it('answers UNSUPPORTED on a broker that keeps no access file', async () => {
    const plain = await startTestServer();
    try {
      const admin = await TestClient.connect(plain.server.url);
      await admin.hello();
      expect(await admin.request('access.list', {})).toMatchObject({
        ok: false,
        error: { code: 'UNSUPPORTED' },
      });
      await admin.close();
    } finally {
      await plain.close();
    }
  });
});
