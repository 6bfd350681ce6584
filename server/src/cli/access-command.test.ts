import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConsentStore } from '../access/consent-store.js';
import { runCli } from './main.js';

function run(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io = {
    stdout: (text: string) => out.push(text),
    stderr: (text: string) => err.push(text),
    env,
    cwd: mkdtempSync(join(tmpdir(), 'nhicard-access-cwd-')),
    commandName: 'nhicard',
  };
  return runCli(args, io).then((code) => ({ code, out: out.join(''), err: err.join('') }));
}

describe('nhicard access', () => {
  it('lists requests, approves with the asked scopes, denies and forgets, in a 0600 file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'nhicard-access-')), 'state', 'access.json');
    const flag = ['--access-file', file];
    expect(await run(['access', 'list', ...flag])).toEqual({
      code: 0,
      out: `No page has asked for access (${file}).\n`,
      err: '',
    });
    const broker = new ConsentStore(file, () => new Date('2026-01-02T03:04:05.000Z'));
    expect(broker.request('https://his.example.test', ['presence', 'read'])).toBe(true);
    expect((await run(['access', 'list', ...flag])).out).toBe(
      'pending   https://his.example.test  asks for presence,read since 2026-01-02T03:04:05.000Z\n',
    );
    expect(await run(['access', 'approve', 'https://his.example.test', ...flag])).toEqual({
      code: 0,
      out: 'Approved https://his.example.test with presence, read.\n',
      err: '',
    });
    expect(broker.lookup('https://his.example.test')).toMatchObject({
      status: 'approved',
      scopes: ['presence', 'read'],
    });
    if (process.platform !== 'win32') {
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(join(file, '..')).mode & 0o777).toBe(0o700);
    }
    await run(['access', 'approve', 'https://kiosk.example.test', '--scopes', 'presence', ...flag]);
    expect((await run(['access', 'deny', 'https://his.example.test', ...flag])).code).toBe(0);
    expect((await run(['access', 'list', ...flag])).out).toBe(
      'denied    https://his.example.test\napproved  https://kiosk.example.test  presence\n',
    );
    expect((await run(['access', 'forget', 'https://his.example.test', ...flag])).out).toBe(
      'Forgot https://his.example.test.\n',
    );
  });

  it('takes the file from NHICARD_ACCESS_FILE, and refuses admin, null and a file others may change', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'nhicard-access-')), 'access.json');
    const env = { NHICARD_ACCESS_FILE: file };
    expect(
      await run(['access', 'approve', 'https://a.example.test', '--scopes', 'admin'], env),
    ).toEqual({
      code: 1,
      out: '',
      err: 'nhicard: A page can be approved for presence and read only.\n',
    });
    expect((await run(['access', 'approve', 'null'], env)).err).toBe(
      'nhicard: "null" is not an http(s) origin; opaque origins cannot be approved.\n',
    );
    expect(
      (await run(['access', 'approve', 'https://a.example.test', '--scopes', 'write'], env)).code,
    ).toBe(2);
    if (process.platform !== 'win32') {
      writeFileSync(file, '{"version":1,"origins":{}}', { mode: 0o666 });
      const { chmodSync } = await import('node:fs');
      chmodSync(file, 0o666);
      const listed = await run(['access', 'list'], env);
      expect(listed.code).toBe(1);
      expect(listed.err).toContain(
        'may be changed by other users (mode 666): run chmod 600 on it.',
      );
    }
  });
});
