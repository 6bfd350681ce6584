// The Windows same-user check's koffi declarations (GetExtendedTcpTable, OpenProcess,
// OpenProcessToken, GetTokenInformation, GetLengthSid) bound and called for real, by Windows
// node.exe under Wine, on a loopback connection the probe opens to itself.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toWinePath } from '../../native/src/cshis/host-command.js';
import {
  findWineParts,
  prepareWinePrefix,
  releaseWinePrefix,
  WINE_INSTALL_HINT,
  type WineStack,
  wineEnv,
} from '../cshis/wine-stack.js';
import { requireStack } from '../support/require-stack.js';

const parts = findWineParts();
const available = requireStack(
  'wine',
  parts.missing.length === 0,
  `${parts.missing.join(', ')} missing: ${WINE_INSTALL_HINT}`,
);

describe.skipIf(!available)('the Windows peer-owner declarations under Wine', () => {
  let stack: WineStack;
  let probe: string;

  beforeAll(async () => {
    stack = await prepareWinePrefix(parts);
    probe = join(await mkdtemp(join(tmpdir(), 'nhicard-owner-probe-')), 'probe.cjs');
    await build({
      entryPoints: [fileURLToPath(new URL('./wine/windows-owner-probe.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outfile: probe,
      // The probe loads koffi's win32 package itself; import.meta.url has no CommonJS meaning.
      external: ['koffi'],
      banner: { js: "const __probeUrl = require('node:url').pathToFileURL(__filename).href;" },
      define: { 'import.meta.url': '__probeUrl' },
      logLevel: 'silent',
    });
  }, 180_000);

  afterAll(async () => {
    if (stack !== undefined) await releaseWinePrefix(stack);
  });

  it('binds and calls the declarations on a real loopback connection, and decides from the answer', async () => {
    const output = join(probe, '..', 'result.json');
    await new Promise<void>((resolve, reject) => {
      // Never piped: node.exe under Wine dies on piped stdio.
      const child = spawn(
        'wine',
        [stack.nodeExe, toWinePath(probe), toWinePath(stack.koffiPath), toWinePath(output)],
        { env: wineEnv(stack.prefix), stdio: 'ignore' },
      );
      child.once('error', reject);
      child.once('exit', () => resolve());
    });
    const result = JSON.parse(readFileSync(output, 'utf8')) as Record<string, unknown>;
    expect(result.error).toBeUndefined();
    // The table is read and parsed: the probe's own client socket is in it, established.
    expect(result.rows).toBeGreaterThanOrEqual(2);
    expect(result.clientRowState).toBe(5);
    // The token's user SID is read (revision 1, at least 8 bytes), for this process by pid too.
    expect(result.ownSidRevision).toBe(1);
    expect(result.ownSidBytes).toBeGreaterThanOrEqual(8);
    expect(result.pidSidMatches).toBe(true);
    // Windows names the owning process; Wine (8.0, here under qemu-user) reports pid 0 for every
    // socket, and the check then fails closed: another user, who needs a token.
    expect([result.pid, 0]).toContain(result.clientRowPid);
    expect(result.owner).toBe(result.clientRowPid === result.pid ? 'same' : 'other');
  }, 180_000);
});
