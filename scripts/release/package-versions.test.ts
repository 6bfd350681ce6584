// The four published packages move together: one version (changesets' `fixed` group), and a
// CHANGELOG.md whose newest entry is that version. `changeset version` itself is run on a copy
// of the workspace, so the configuration is proven to bump all four and write their changelogs.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { PUBLISHED_PACKAGES } from '../pack/tarball-contents.mjs';

const run = promisify(execFile);
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CHANGESET_BIN = join(REPO, 'node_modules', '.bin', 'changeset');

const readJson = (path: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
const versionIn = (root: string, folder: string): string =>
  readJson(join(root, folder, 'package.json')).version as string;
const changelogIn = (root: string, folder: string): string =>
  readFileSync(join(root, folder, 'CHANGELOG.md'), 'utf8');
/** The versions of a CHANGELOG.md's entries, newest first. */
const entryVersions = (changelog: string): string[] =>
  [...changelog.matchAll(/^## (\S+)$/gm)].map((match) => match[1] ?? '');

/** The pending changesets: file name → the packages and bumps in its front matter. */
function pendingChangesets(root: string): Map<string, Record<string, string>> {
  const dir = join(root, '.changeset');
  const found = new Map<string, Record<string, string>>();
  for (const name of readdirSync(dir).filter(
    (file) => /\.md$/.test(file) && file !== 'README.md',
  )) {
    const front = /^---\n([\s\S]*?)\n---\n/.exec(readFileSync(join(dir, name), 'utf8'))?.[1] ?? '';
    const bumps = Object.fromEntries(
      [...front.matchAll(/^"([^"]+)":\s*(\w+)$/gm)].map((match) => [match[1], match[2]]),
    );
    found.set(name, bumps as Record<string, string>);
  }
  return found;
}

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describe('package versions and changelogs', () => {
  const names = PUBLISHED_PACKAGES.map((pkg) => pkg.name);

  it('are one fixed group in the changesets config', () => {
    const config = readJson(join(REPO, '.changeset', 'config.json'));
    expect(config.fixed).toStrictEqual([names]);
    expect(config.privatePackages).toStrictEqual({ version: false, tag: false });
  });

  it('give the four packages one version, the newest entry of each CHANGELOG.md', () => {
    const version = versionIn(REPO, 'server');
    expect(version).toMatch(/^\d+\.\d+\.\d+(?:-[\w.]+)?$/);
    for (const { name, folder } of PUBLISHED_PACKAGES) {
      expect({ name, version: versionIn(REPO, folder) }).toStrictEqual({ name, version });
      const changelog = changelogIn(REPO, folder);
      expect(changelog.startsWith(`# ${name}\n\n## ${version}\n`)).toBe(true);
      expect(new Set(entryVersions(changelog)).size).toBe(entryVersions(changelog).length);
    }
  });

  it('have pending changesets that name only published packages, with a known bump', () => {
    for (const [file, bumps] of pendingChangesets(REPO)) {
      expect(Object.keys(bumps).length, file).toBeGreaterThan(0);
      for (const [name, bump] of Object.entries(bumps)) {
        expect(names, `${file}: ${name}`).toContain(name);
        expect(['patch', 'minor', 'major'], `${file}: ${name}`).toContain(bump);
      }
    }
  });

  it('move together under `changeset version`, each CHANGELOG.md getting the new entry', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'nhicard-changeset-'));
    scratch.push(copy);
    for (const file of ['package.json', 'pnpm-workspace.yaml', '.changeset']) {
      cpSync(join(REPO, file), join(copy, file), { recursive: true });
    }
    for (const folder of ['protocol', 'native', 'server', 'client-sdk', 'examples', 'test']) {
      for (const file of ['package.json', 'CHANGELOG.md']) {
        try {
          cpSync(join(REPO, folder, file), join(copy, folder, file));
        } catch {} // the private packages have no CHANGELOG.md
      }
    }
    // A changeset that bumps only the protocol: the fixed group must carry the other three.
    writeFileSync(
      join(copy, '.changeset', 'zz-test-only-protocol.md'),
      '---\n"@nhicard/protocol": patch\n---\n\nA test entry for the protocol only.\n',
    );
    const git = (...args: string[]) => run('git', args, { cwd: copy });
    await git('init', '-q');
    await git('add', '-A');
    await git(
      '-c',
      'user.name=test',
      '-c',
      'user.email=test@nhicard.invalid',
      'commit',
      '-qm',
      'x',
    );
    const before = versionIn(copy, 'server');
    const pending = pendingChangesets(copy);
    await run(CHANGESET_BIN, ['version'], { cwd: copy });

    const after = versionIn(copy, 'server');
    expect(after).not.toBe(before);
    for (const { name, folder } of PUBLISHED_PACKAGES) {
      expect({ name, version: versionIn(copy, folder) }).toStrictEqual({ name, version: after });
      const changelog = changelogIn(copy, folder);
      expect(entryVersions(changelog).slice(0, 2)).toStrictEqual([after, before]);
    }
    expect(changelogIn(copy, 'protocol')).toContain('A test entry for the protocol only.');
    for (const folder of ['examples', 'test']) {
      expect(versionIn(copy, folder)).toBe(versionIn(REPO, folder));
    }
    // The used changesets are gone; the workspace links stay links.
    expect(pendingChangesets(copy).size).toBe(0);
    expect(pending.size).toBeGreaterThan(0);
    expect(readJson(join(copy, 'server', 'package.json')).dependencies as object).toMatchObject({
      '@nhicard/protocol': 'workspace:*',
      '@nhicard/native': 'workspace:*',
    });
  }, 120_000);
});
