import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { checkBoundaries, importsOf } from './check-boundaries.mjs';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const tempRoots: string[] = [];

function fakeRepo(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'nhicard-boundaries-'));
  tempRoots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

afterEach(() => {
  for (const root of tempRoots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('package boundaries', () => {
  it('hold in this repository', () => {
    expect(checkBoundaries(repoRoot)).toEqual([]);
  });

  it('finds every import form', () => {
    const text = `import a from 'a';\nimport type { B } from "b";\nimport 'c';\nexport * from 'd';\nexport { e } from 'e';\nconst f = await import('f');\nimport {\n  g,\n  h,\n} from 'gh';`;
    expect(importsOf(text).sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'gh']);
  });

  it('ignores imports shown in comments', () => {
    const text = `/**\n * @example\n * import { createClient } from '@nhicard/server';\n */\n// import x from 'node:fs';\nconst url = 'ws://x'; import y from 'y';`;
    expect(importsOf(text)).toEqual(['y']);
  });

  // Each case: the files of a fake repository, and the violations found in it, in order.
  it.each<{ rule: string; files: Record<string, string>; violations: string[] }>([
    {
      rule: 'fails when protocol imports a Node built-in or another package of ours',
      files: {
        'protocol/src/ok.ts': "import { x } from './x.js';",
        'protocol/src/bad-node.ts': "import { readFileSync } from 'node:fs';",
        'protocol/src/bad-fs.ts': "import fs from 'fs';",
        'protocol/src/bad-ours.ts': "import { Driver } from '@nhicard/native';",
        'protocol/src/fine.test.ts': "import { readFileSync } from 'node:fs';",
      },
      violations: [
        "protocol/src/bad-fs.ts: imports 'fs' (protocol must run in a browser: no Node built-ins)",
        "protocol/src/bad-node.ts: imports 'node:fs' (protocol must run in a browser: no Node built-ins)",
        "protocol/src/bad-ours.ts: imports '@nhicard/native' (protocol may import nothing of ours)",
      ],
    },
    {
      rule: 'fails when server and client-sdk import each other',
      files: {
        'server/src/a.ts': "import { createClient } from '@nhicard/client';",
        'client-sdk/src/b.ts': "export { startServer } from '@nhicard/server';",
        'client-sdk/src/c.ts': "import type { Message } from '@nhicard/protocol';",
      },
      violations: [
        "server/src/a.ts: imports '@nhicard/client' (server may import @nhicard/protocol, @nhicard/native)",
        "client-sdk/src/b.ts: imports '@nhicard/server' (client-sdk may import @nhicard/protocol)",
      ],
    },
    {
      rule: 'lets only the CLI under server/src/cli/ import the client SDK',
      files: {
        'server/src/cli/sim-command.ts': "import { NhiCardError } from '@nhicard/client';",
        'server/src/cli/nested/deeper.ts': "import type { NhiCardClient } from '@nhicard/client';",
        'server/src/ws/connection.ts': "import { createClient } from '@nhicard/client';",
        'server/src/index.ts': "export { createClient } from '@nhicard/client';",
        'server/src/cli-helper.ts': "import { createClient } from '@nhicard/client';",
        'server/src/cli/bad.ts': "import { startServer } from '@nhicard/server';",
      },
      violations: [
        "server/src/cli/bad.ts: imports '@nhicard/server' (server may import @nhicard/protocol, @nhicard/native)",
        "server/src/cli-helper.ts: imports '@nhicard/client' (server may import @nhicard/protocol, @nhicard/native)",
        "server/src/index.ts: imports '@nhicard/client' (server may import @nhicard/protocol, @nhicard/native)",
        "server/src/ws/connection.ts: imports '@nhicard/client' (server may import @nhicard/protocol, @nhicard/native)",
      ],
    },
  ])('$rule', ({ files, violations }) => {
    expect(checkBoundaries(fakeRepo(files))).toEqual(violations);
  });
});
