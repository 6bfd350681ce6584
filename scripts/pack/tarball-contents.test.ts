import { describe, expect, it } from 'vitest';
import { checkTarball } from './tarball-contents.mjs';

const CLIENT_OK = [
  'package/package.json',
  'package/README.md',
  'package/CHANGELOG.md',
  'package/dist/index.js',
  'package/dist/index.d.ts',
  'package/dist/nhicard-client.iife.js',
  'package/dist/nhicard-client.msgpack.iife.js',
];

describe('checkTarball', () => {
  it('accepts a tarball with the build, the README, the CHANGELOG and nothing else', () => {
    expect(checkTarball('@nhicard/client', CLIENT_OK)).toEqual([]);
  });

  it('names what the old client tarball (packed without a build) lacked', () => {
    const old = [
      'package/package.json',
      'package/README.md',
      'package/dist/nhicard-client.iife.js',
    ];
    expect(checkTarball('@nhicard/client', old)).toEqual([
      'missing dist/index.js',
      'missing dist/index.d.ts',
      'missing dist/nhicard-client.msgpack.iife.js',
      'missing CHANGELOG.md',
    ]);
  });

  it('refuses tests, test helpers, TypeScript sources and source maps', () => {
    const extra = [
      'package/src/index.ts',
      'package/src/client.test.ts',
      'package/dist/fake-socket.test-helpers.js',
      'package/dist/index.js.map',
    ];
    expect(checkTarball('@nhicard/client', [...CLIENT_OK, ...extra])).toEqual([
      'ships source src/index.ts',
      'ships test src/client.test.ts',
      'ships test dist/fake-socket.test-helpers.js',
      'ships source map dist/index.js.map',
    ]);
  });

  it('requires the server to carry the example apps and the SDK bundle it serves', () => {
    const problems = checkTarball('@nhicard/server', [
      'package/bin/nhicard.js',
      'package/dist/index.js',
      'package/dist/index.d.ts',
      'package/dist/cli/main.js',
      'package/README.md',
      'package/CHANGELOG.md',
    ]);
    expect(problems).toEqual([
      'missing dist/assets/examples/index.html',
      'missing dist/assets/examples/his-registration/index.html',
      'missing dist/assets/sdk/nhicard-client.iife.js',
    ]);
  });
});
