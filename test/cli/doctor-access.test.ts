// `nhicard doctor` lists the allowed origins with their scopes and the tokens by fingerprint,
// never a token itself: what an IT person needs to see why a page is refused.
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CliProcess, NHICARD_BIN } from './cli-process.js';

const SPAWN_TIMEOUT_MS = 120_000;

describe('nhicard doctor', () => {
  it(
    'lists the allowed origins and the tokens by fingerprint, never by value',
    async () => {
      const token = randomBytes(32).toString('hex');
      const fingerprint = `#${createHash('sha256').update(token).digest('hex').slice(0, 8)}`;
      const doctor = await CliProcess.run(NHICARD_BIN, [
        'doctor',
        '--driver',
        'simulator',
        '--port',
        '0',
        '--allow-origin',
        'https://his.example-clinic.tw=read',
        '--allow-token',
        `${token}=read`,
      ]);
      expect(doctor.stdout).toContain('  Origins    https://his.example-clinic.tw (read)\n');
      expect(doctor.stdout).toContain(`  Tokens     ${fingerprint} (read)\n`);
      expect(`${doctor.stdout}${doctor.stderr}`).not.toContain(token);
    },
    SPAWN_TIMEOUT_MS,
  );
});
