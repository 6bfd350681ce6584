// `.ci/setup-i386-emulation.sh`: how this host runs i386 code, checked against what actually
// runs. On a host that refuses i386 code the emulation entry must run real i386 programs (Wine's
// own loader) and leave the probe program to the kernel, so the probe keeps telling the truth.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireStack } from '../support/require-stack.js';
import { WINE_EMULATION_HINT } from './wine-stack.js';

const SCRIPT = fileURLToPath(new URL('../../.ci/setup-i386-emulation.sh', import.meta.url));
const ENTRY = '/proc/sys/fs/binfmt_misc/nhicard-qemu-i386';
const WINE_LOADER = '/usr/lib/wine/wine';

const mode = spawnSync('bash', [SCRIPT, 'probe'], { encoding: 'utf8' }).stdout.trim();
const available = requireStack(
  'wine',
  mode === 'native' || mode === 'emulated',
  `i386 code does not run here (probe: ${JSON.stringify(mode)}): ${WINE_EMULATION_HINT}`,
);

/** Parses a binfmt_misc entry's `magic` and `mask` lines (hex). */
function entryBytes(entry: string, field: 'magic' | 'mask'): Buffer {
  const line = entry.split('\n').find((row) => row.startsWith(`${field} `));
  return Buffer.from(line?.slice(field.length + 1) ?? '', 'hex');
}

/** binfmt_misc's rule: every bit the mask keeps is the same in the header and the magic. */
function matches(header: Buffer, magic: Buffer, mask: Buffer): boolean {
  return magic.every((byte, index) => (((header[index] ?? 0) ^ byte) & (mask[index] ?? 0)) === 0);
}

/** The probe program's exit status when handed straight to the kernel (spawn falls back to sh). */
const runDirectly = (program: string): number | null => spawnSync(program).status;

describe.skipIf(!available)('i386 code for the Wine tests', () => {
  let dir: string;
  let probe: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nhicard-i386-'));
    probe = join(dir, 'probe');
    const written = spawnSync('bash', [SCRIPT, 'probe-program', probe]);
    expect(written.status).toBe(0);
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes a 96-byte static i386 program with a non-zero padding byte', () => {
    const bytes = readFileSync(probe);
    expect(bytes.length).toBe(96);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
    expect(bytes[4]).toBe(1); // ELFCLASS32
    expect(bytes.readUInt16LE(18)).toBe(3); // EM_386
    expect(bytes[9]).toBe(1); // EI_PAD[0]
  });

  it('says native exactly when the kernel runs the probe program, else runs it through the entry', () => {
    if (mode === 'native') {
      expect(runDirectly(probe)).toBe(42);
      return;
    }
    const entry = readFileSync(ENTRY, 'utf8');
    expect(entry.split('\n')[0]).toBe('enabled');
    const interpreter = /^interpreter (.+)$/m.exec(entry)?.[1] ?? '';
    expect(existsSync(interpreter)).toBe(true);
    expect(spawnSync(interpreter, [probe]).status).toBe(42);
    // Straight to the kernel: no entry matches the probe, and the host refuses i386 code.
    expect(runDirectly(probe)).not.toBe(42);
  });

  it("runs Wine's i386 loader; an emulation entry matches it and not the probe program", () => {
    expect(spawnSync(WINE_LOADER, ['--version'], { encoding: 'utf8' }).stdout).toMatch(/^wine-/);
    if (mode === 'native') return;
    const entry = readFileSync(ENTRY, 'utf8');
    const magic = entryBytes(entry, 'magic');
    const mask = entryBytes(entry, 'mask');
    expect(magic.length).toBe(20);
    expect(matches(readFileSync(WINE_LOADER).subarray(0, 20), magic, mask)).toBe(true);
    expect(matches(readFileSync(probe).subarray(0, 20), magic, mask)).toBe(false);
  });
});
