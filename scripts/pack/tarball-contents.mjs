// What the published tarballs must and must not hold; used by the pack-and-install check and
// its unit test.

/** The packages published to npm, with their folders in the workspace. */
export const PUBLISHED_PACKAGES = [
  { name: '@nhicard/protocol', folder: 'protocol' },
  { name: '@nhicard/native', folder: 'native' },
  { name: '@nhicard/client', folder: 'client-sdk' },
  { name: '@nhicard/server', folder: 'server' },
];

/** Files each package's tarball must hold (paths inside the tarball, without `package/`). */
const REQUIRED = {
  '@nhicard/protocol': [
    'dist/index.js',
    'dist/index.d.ts',
    'PROTOCOL.md',
    'README.md',
    'CHANGELOG.md',
  ],
  '@nhicard/native': [
    'dist/index.js',
    'dist/index.d.ts',
    'src/cshis/host/cshis-host.cjs',
    'demo-cards/adult.json',
    'README.md',
    'CHANGELOG.md',
  ],
  '@nhicard/client': [
    'dist/index.js',
    'dist/index.d.ts',
    'dist/nhicard-client.iife.js',
    'dist/nhicard-client.msgpack.iife.js',
    'README.md',
    'CHANGELOG.md',
  ],
  '@nhicard/server': [
    'bin/nhicard.js',
    'dist/index.js',
    'dist/index.d.ts',
    'dist/cli/main.js',
    'dist/assets/examples/index.html',
    'dist/assets/examples/his-registration/index.html',
    'dist/assets/sdk/nhicard-client.iife.js',
    'README.md',
    'CHANGELOG.md',
  ],
};

/**
 * The problems with a tarball's file list (`tar tzf` output): a required file missing, a test,
 * test helper or TypeScript source included. Empty when it is fine.
 */
export function checkTarball(name, listing) {
  const paths = listing.map((path) => path.replace(/^package\//, ''));
  const problems = [];
  for (const required of REQUIRED[name] ?? []) {
    if (!paths.includes(required)) problems.push(`missing ${required}`);
  }
  for (const path of paths) {
    if (/\.test\.|\.test-helpers\.|(^|\/)__tests__\//.test(path))
      problems.push(`ships test ${path}`);
    else if (/\.(ts|tsx|mts|cts)$/.test(path) && !path.endsWith('.d.ts')) {
      problems.push(`ships source ${path}`);
    } else if (path.endsWith('.map')) problems.push(`ships source map ${path}`);
  }
  return problems;
}
