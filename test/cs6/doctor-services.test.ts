// `nhicard doctor` and `auto` with the CS 6.0 console and the virtual-card SDK answering (their
// stand-ins): doctor probes both, auto picks the console and adds the virtual card, and says
// why; settings come from flags and from environment variables alike. One reader takes QR
// codes: the SDK's when it joins, else the console's own virtual-card slot.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../server/src/cli/cli-io.js';
import { runDoctor } from '../../server/src/cli/doctor-command.js';
import { startVhcStandIn, type VhcStandIn } from '../vhc/vhc-sdk-stand-in.js';
import { type Cs6StandIn, startCs6StandIn } from './cs6-console-stand-in.js';

let console6: Cs6StandIn;
let sdk: VhcStandIn;

beforeAll(async () => {
  console6 = await startCs6StandIn();
  sdk = await startVhcStandIn();
});

afterAll(async () => {
  await console6?.stop();
  await sdk?.close();
});

async function doctor(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: () => {},
    env,
    cwd: mkdtempSync(join(tmpdir(), 'nhicard-doctor-')),
    commandName: 'nhicard',
  };
  const exit = await runDoctor(['--port', '0', ...args], io);
  return { exit, stdout };
}

describe('doctor with the CS 6.0 console and the virtual-card SDK', () => {
  it('probes both, picks the console with auto and adds the virtual card (flags)', async () => {
    const { exit, stdout } = await doctor(['--cs6-url', console6.url, '--vhc-url', sdk.url]);
    expect(exit).toBe(0);
    const lines = stdout.split('\n');
    expect(lines).toContain(
      `             cs6: console answers at ${console6.url}/ (not initialised, SAM authenticated, no HPC, no NHI card)`,
    );
    expect(lines).toContain(
      `             vhc: virtual-card SDK answers at ${sdk.url} (answers (HTTP 404); vhc.mode auto)`,
    );
    expect(lines).toContain(
      `  Driver     auto → cs6 (the CS 6.0 console answers at ${console6.url}/ (not initialised, SAM authenticated, no HPC, no NHI card); virtual card: on, the virtual-card SDK answers at ${sdk.url})`,
    );
    // The SDK's reader joins, so the console's own virtual-card slot is left out.
    expect(stdout).toContain(
      '  Readers    cs6-0 (CS 6.0 reader console (讀卡機控制軟體 6.0), cs6)\n' +
        '             vhc-0 (Virtual NHI card (虛擬健保卡), vhc)\n  Port',
    );
    // Probing changed nothing: the console was asked for its status only.
    expect(console6.calls).toEqual(['GET /api/common/v1/Status', 'GET /api/common/v1/Status']);
    expect(sdk.calls.map((call) => call.path)).toEqual(['/', '/']);
  });

  it('takes the same settings from environment variables, and vhc off', async () => {
    const { exit, stdout } = await doctor([], {
      NHICARD_DRIVER: 'simulator',
      NHICARD_CS6_URL: console6.url,
      NHICARD_VHC_URL: sdk.url,
      NHICARD_VHC: 'off',
    });
    expect(exit).toBe(0);
    expect(stdout).toContain(
      `             vhc: virtual-card SDK answers at ${sdk.url} (answers (HTTP 404); vhc.mode off)\n`,
    );
    expect(stdout).toContain(
      '  Driver     simulator (chosen in the configuration; virtual card: off, vhc.mode is off)\n',
    );
    expect(stdout).toContain('  Readers    sim-0 (Simulated reader 0)\n');
  });

  it("serves the console's own virtual-card slot when the SDK's reader does not join", async () => {
    const { exit, stdout } = await doctor(['--driver', 'cs6', '--cs6-url', console6.url], {
      NHICARD_VHC: 'off',
    });
    expect(exit).toBe(0);
    expect(stdout).toContain(
      "  Driver     cs6 (chosen in the configuration; virtual card: on, through the CS 6.0 console (reader cs6-vhc-0; the SDK's reader: vhc.mode is off))\n",
    );
    expect(stdout).toContain(
      '  Readers    cs6-0 (CS 6.0 reader console (讀卡機控制軟體 6.0), cs6)\n' +
        '             cs6-vhc-0 (Virtual NHI card via the CS 6.0 console (虛擬健保卡), vhc)\n  Port',
    );
  });
});
