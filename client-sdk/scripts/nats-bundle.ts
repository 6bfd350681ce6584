// The `<script>` bundle of the NATS monitor feed (`window.NhicardNats`), kept apart from the
// client's own bundles: only screens that watch a hospital over NATS load the NATS client.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { type BundleSize, PACKAGE_DIR, sizeOf } from './bundles.js';

/** The file name of the NATS feed's `<script>` bundle. */
export const NATS_IIFE_FILE = 'nhicard-nats.iife.js';

/** Builds the NATS feed's `<script>` bundle into `outDir` and returns its size. */
export async function buildNatsIife(outDir: string): Promise<BundleSize> {
  const result = await build({
    bundle: true,
    minify: true,
    target: 'es2020',
    platform: 'browser',
    alias: { '@nhicard/protocol': join(PACKAGE_DIR, '../protocol/src/index.ts') },
    entryPoints: [join(PACKAGE_DIR, 'src/nats/index.ts')],
    format: 'iife',
    globalName: 'NhicardNats',
    write: false,
    outfile: join(outDir, NATS_IIFE_FILE),
    legalComments: 'none',
    logLevel: 'warning',
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error(`esbuild produced nothing for ${NATS_IIFE_FILE}`);
  await mkdir(outDir, { recursive: true });
  await writeFile(output.path, output.contents);
  return sizeOf(NATS_IIFE_FILE, output.contents);
}
