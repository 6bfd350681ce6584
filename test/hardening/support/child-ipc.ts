import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';

/** The workspace root: children run from it, so `--import tsx` and tsconfig paths resolve. */
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A request from the parent, answered by one reply with the same `id`. */
interface ChildRequest {
  id: number;
  type: string;
  [field: string]: unknown;
}

/** A reply (or, with id 0, the `ready` notice a child sends once it listens). */
export interface ChildReply {
  id: number;
  type: string;
  error?: string;
  [field: string]: unknown;
}

/** What a child answers, by request type. */
export type ChildHandlers = Record<
  string,
  (request: ChildRequest) => Promise<Record<string, unknown>> | Record<string, unknown>
>;

/**
 * Child side: answers the parent's requests with `handlers` over the IPC channel, then sends
 * `ready` with `readyFields`. A `close` handler's reply is the last message: the child then
 * disconnects and must exit by itself (anything left running keeps it alive, which is what
 * the soak's "closes cleanly" check looks for).
 */
export function serveParent(handlers: ChildHandlers, readyFields: Record<string, unknown>): void {
  const send = (reply: ChildReply): Promise<void> =>
    new Promise((resolve) => process.send?.(reply, undefined, undefined, () => resolve()));
  process.on('message', (raw: ChildRequest) => {
    const handler = handlers[raw.type];
    void (async () => {
      try {
        if (handler === undefined) throw new Error(`unknown request ${raw.type}`);
        const fields = await handler(raw);
        await send({ ...fields, id: raw.id, type: raw.type });
      } catch (error) {
        await send({ id: raw.id, type: raw.type, error: String(error) });
      }
      if (raw.type === 'close') process.disconnect();
    })();
  });
  void send({ ...readyFields, id: 0, type: 'ready' });
}

/** The current process's own numbers every child reports the same way. */
export function memoryFields(): Record<string, number> {
  // Collected first, so what is measured is what is held, not what awaits collection.
  (globalThis as { gc?: () => void }).gc?.();
  const usage = process.memoryUsage();
  return {
    rssBytes: usage.rss,
    heapUsedBytes: usage.heapUsed,
    externalBytes: usage.external,
    arrayBuffersBytes: usage.arrayBuffers,
  };
}

/** CPU time used over a `windowMs` wait, in the child itself (no IPC jitter in the window). */
export async function cpuWindowFields(windowMs: number): Promise<Record<string, number>> {
  const startedAt = performance.now();
  const before = process.cpuUsage();
  await new Promise((resolve) => setTimeout(resolve, windowMs));
  const used = process.cpuUsage(before);
  return {
    userMicros: used.user,
    systemMicros: used.system,
    elapsedMs: performance.now() - startedAt,
  };
}

/** CPU time (user + system) the current process has used since it started. */
export function cpuTotalFields(): Record<string, number> {
  const used = process.cpuUsage();
  return { cpuMicros: used.user + used.system };
}

/** Parent side of a child process started with {@link startChild}. */
export class ChildHandle {
  /** The `ready` notice's fields. */
  readonly ready: Promise<ChildReply>;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  private nextId = 1;
  private readonly pending = new Map<number, (reply: ChildReply) => void>();

  constructor(readonly child: ChildProcess) {
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    this.ready = new Promise((resolve, reject) => {
      this.pending.set(0, resolve);
      void this.exited.then((code) => reject(new Error(`child exited with ${code} before ready`)));
    });
    child.on('message', (reply: ChildReply) => {
      const settle = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      settle?.(reply);
    });
  }

  /** Sends a request and resolves with the reply; rejects when the child reports an error. */
  request(type: string, fields: Record<string, unknown> = {}): Promise<ChildReply> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (reply) =>
        reply.error === undefined ? resolve(reply) : reject(new Error(reply.error)),
      );
      this.child.send({ ...fields, id, type } satisfies ChildRequest);
    });
  }

  /** Kills the child if it is still running (cleanup after a failure). */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGKILL');
    }
  }
}

/** How a child runs its TypeScript. */
export interface StartChildOptions {
  /**
   * `tsx`: through the tsx loader, as the tests and `pnpm start` run the sources (quick to
   * start, but the loader's own thread costs about 1 % of a core even when idle); `bundle`:
   * bundled once with esbuild into one plain JavaScript file run by bare Node, as an installed
   * broker runs its compiled `dist/` (what the benchmarks measure).
   * @default 'tsx'
   */
  runner?: 'tsx' | 'bundle';
}

const bundles = new Map<string, Promise<string>>();

/**
 * Keeps `import.meta.url` pointing at each source file, not at the bundle: the sources find
 * files next to them that way (demo cards, package.json).
 */
const keepModuleUrls: Plugin = {
  name: 'keep-module-urls',
  setup(builder) {
    builder.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.includes('node_modules')) return undefined;
      const source = readFileSync(args.path, 'utf8');
      const url = JSON.stringify(pathToFileURL(args.path).href);
      return { contents: source.replaceAll('import.meta.url', url), loader: 'ts' };
    });
  },
};

/**
 * Leaves msgpackr out of the bundle, imported from where it is installed: it finds its native
 * add-on (msgpackr-extract) next to itself, so children run MessagePack as installed users do.
 * Bundled, it would look for the add-on next to the bundle, miss it, and fall back to its
 * JavaScript decoder.
 */
const msgpackrAsInstalled: Plugin = {
  name: 'msgpackr-as-installed',
  setup(builder) {
    builder.onResolve({ filter: /^msgpackr(\/.*)?$/ }, async (args) => {
      if (args.pluginData === 'msgpackr-as-installed') return undefined;
      const resolved = await builder.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        pluginData: 'msgpackr-as-installed',
      });
      return resolved.errors.length > 0 ? undefined : { path: resolved.path, external: true };
    });
  },
};

/** Bundles `entry` with its dependencies into a temporary `.mjs` file (once per entry). */
function bundled(entry: string): Promise<string> {
  let outfile = bundles.get(entry);
  if (outfile === undefined) {
    const directory = mkdtempSync(join(tmpdir(), 'nhicard-child-'));
    process.once('exit', () => rmSync(directory, { recursive: true, force: true }));
    const target = join(directory, `${basename(entry)}.mjs`);
    outfile = build({
      entryPoints: [entry],
      outfile: target,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      tsconfig: join(REPO_ROOT, 'tsconfig.json'),
      plugins: [msgpackrAsInstalled, keepModuleUrls],
      // CommonJS dependencies bundled into an ES module still call require. (The module URL
      // is spelled in two parts so keepModuleUrls, bundling this file, leaves it alone.)
      banner: {
        js: `import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(${'import.meta'}.url);`,
      },
      logLevel: 'error',
    }).then(() => target);
    bundles.set(entry, outfile);
  }
  return outfile;
}

/**
 * Starts `entry` (a TypeScript file) in a child Node process, from the workspace root, with an
 * IPC channel and `--expose-gc`; `config` reaches it as JSON in `argv[2]`.
 */
export async function startChild(
  entry: URL,
  config: unknown,
  options: StartChildOptions = {},
): Promise<ChildHandle> {
  const path = fileURLToPath(entry);
  const args = options.runner === 'bundle' ? [await bundled(path)] : ['--import', 'tsx', path];
  const child = spawn(process.execPath, ['--expose-gc', ...args, JSON.stringify(config)], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new ChildHandle(child);
}
