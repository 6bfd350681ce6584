// How the client's bundles are made and measured: the `<script>` (IIFE) bundles and the ESM
// path a bundler would produce. Used by `build.ts` and by the browser test, which builds the
// bundle from the current sources instead of trusting a stale dist/.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { type BuildOptions, build, type Metafile, type Plugin } from 'esbuild';

/** The client package's folder. */
export const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
const PROTOCOL_ENTRY = join(PACKAGE_DIR, '../protocol/src/index.ts');

/** The `<script>` bundles: JSON only, and JSON plus MessagePack. */
export const IIFE_BUNDLES = {
  json: { file: 'nhicard-client.iife.js', variant: 'json-only' },
  msgpack: { file: 'nhicard-client.msgpack.iife.js', variant: 'bundled' },
} as const;

/** One of {@link IIFE_BUNDLES}. */
export type IifeBundle = keyof typeof IIFE_BUNDLES;

/**
 * The JSON-only `<script>` bundle must stay under this, minified and gzipped. 16 KiB since the
 * Local Network Access gate and the typed connection refusals (with their zh-TW texts) came in;
 * it was 15 KiB before.
 */
export const JSON_IIFE_BUDGET_BYTES = 16 * 1024;

// Source files that must never reach the JSON-only bundle: the MessagePack library, and the
// protocol's card decoders, Big5 table and native-error catalog (the client needs none; the
// section ids and what each section needs, for request timeouts, are small tables). The small
// catalog of access refusals is the client's own: it words a refused page's error; the shared
// error base (`CodedError`) is a class with no tables.
const FORBIDDEN_IN_JSON_BUNDLE =
  /msgpackr|msgpack-codec|protocol\/src\/card\/(?!section-ids|section-needs)|protocol\/src\/errors\/(?!error-codes|access-errors|coded-error)/;

/** A bundle's size. */
export interface BundleSize {
  name: string;
  minifiedBytes: number;
  gzipBytes: number;
}

/** Swaps `codecs/msgpack-loader.ts` for the variant made for one `<script>` bundle. */
function msgpackLoader(variant: string): Plugin {
  return {
    name: `msgpack-loader-${variant}`,
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /\/msgpack-loader\.js$/ }, (args) => ({
        path: join(args.resolveDir, `msgpack-loader-${variant}.ts`),
      }));
    },
  };
}

const shared: BuildOptions = {
  bundle: true,
  minify: true,
  // Old HIS pages run in whatever browser the clinic has: syntax is lowered to ES2018. (The
  // runtime APIs used still need Chromium 92+ / Firefox 90+ / Safari 15.4+: Array#at in the
  // protocol's JSON pre-scan is the newest.)
  target: 'es2018',
  platform: 'browser',
  // The protocol's sources, so that no protocol build has to run first.
  alias: { '@nhicard/protocol': PROTOCOL_ENTRY },
  metafile: true,
  legalComments: 'none',
  // Class fields as plain assignments in the constructor (TypeScript's own output before
  // ES2022), not through esbuild's defineProperty helper: one call per field of every class
  // costs about 200 bytes gzipped, and no class of the client relies on define semantics (no
  // field shadows an accessor, nothing enumerates an instance's own keys).
  tsconfigRaw: { compilerOptions: { useDefineForClassFields: false } },
  logLevel: 'warning',
};

/** Minified and gzip -9 sizes of `contents`. */
export function sizeOf(name: string, contents: Uint8Array): BundleSize {
  const gzipBytes = gzipSync(contents, { level: 9 }).byteLength;
  return { name, minifiedBytes: contents.byteLength, gzipBytes };
}

/**
 * Builds one `<script>` bundle (exposing `window.NhiCard`) into `outDir` and returns its
 * size. The JSON bundle is checked to carry none of the modules it must not.
 */
export async function buildIife(bundle: IifeBundle, outDir: string): Promise<BundleSize> {
  const { file, variant } = IIFE_BUNDLES[bundle];
  const result = await build({
    ...shared,
    entryPoints: [join(PACKAGE_DIR, 'src/iife.ts')],
    format: 'iife',
    globalName: 'NhiCard',
    write: false,
    outfile: join(outDir, file),
    plugins: [msgpackLoader(variant)],
  });
  if (bundle === 'json') checkJsonBundle(result.metafile as Metafile);
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error(`esbuild produced nothing for ${file}`);
  await mkdir(outDir, { recursive: true });
  await writeFile(output.path, output.contents);
  return sizeOf(file, output.contents);
}

function checkJsonBundle(metafile: Metafile): void {
  // The inputs that kept code in the output: `metafile.inputs` also lists modules that
  // tree-shaking dropped entirely.
  const kept = Object.values(metafile.outputs).flatMap((output) =>
    Object.entries(output.inputs)
      .filter(([, usage]) => usage.bytesInOutput > 0)
      .map(([input]) => input),
  );
  const forbidden = kept.filter((input) => FORBIDDEN_IN_JSON_BUNDLE.test(input));
  if (forbidden.length > 0) {
    throw new Error(
      `The JSON-only bundle pulled in modules it must not carry:\n  ${forbidden.join('\n  ')}`,
    );
  }
}

/**
 * What an app's bundler makes of `import { createClient } from '@nhicard/client'`: the JSON
 * path with the on-demand MessagePack module left out, and that module on its own. (Measured
 * as two bundles because esbuild's code splitting works per file and would put the protocol's
 * shared files, msgpackr with them, in one shared chunk; the on-demand figure is an upper
 * bound, as it repeats the protocol code the main bundle already has.)
 */
export async function measureEsm(): Promise<BundleSize[]> {
  const leaveOutMsgpack: Plugin = {
    name: 'leave-out-msgpack',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /\/msgpack-codec\.js$/ }, (args) => ({
        path: args.path,
        external: true,
      }));
    },
  };
  const measure = async (entry: string, plugins: Plugin[]): Promise<Uint8Array> => {
    const result = await build({
      ...shared,
      entryPoints: [join(PACKAGE_DIR, entry)],
      format: 'esm',
      write: false,
      outfile: join(PACKAGE_DIR, 'dist/measure.js'),
      plugins,
    });
    const output = result.outputFiles[0];
    if (output === undefined) throw new Error(`esbuild produced nothing for ${entry}`);
    return output.contents;
  };
  return [
    sizeOf('ESM, JSON path', await measure('src/index.ts', [leaveOutMsgpack])),
    sizeOf(
      'ESM, MessagePack module loaded on demand',
      await measure('src/codecs/msgpack-codec.ts', []),
    ),
  ];
}
