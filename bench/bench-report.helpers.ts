import { spawnSync } from 'node:child_process';
/**
 * What every broker benchmark shares: the machine it ran on, percentiles, and writing its own
 * section of `docs/benchmarks.md` (between `<!-- name:start -->` and `<!-- name:end -->`,
 * leaving every other section as it is).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { arch, cpus, loadavg, platform } from 'node:os';
import { fileURLToPath } from 'node:url';

const docPath = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url));

/** Where and when a benchmark ran. */
export interface MachineInfo {
  /** YYYY-MM-DD. */
  date: string;
  cores: number;
  cpuModel: string;
  node: string;
  os: string;
  /** 1-minute load average when the benchmark started (other work on the machine). */
  loadAtStart: number;
}

/** The machine, now. Call it first thing, so the load average is the one at the start. */
export function machineInfo(): MachineInfo {
  const processors = cpus();
  return {
    date: new Date().toISOString().slice(0, 10),
    cores: processors.length,
    cpuModel: (processors[0]?.model ?? 'unknown CPU').trim(),
    node: process.version,
    os: `${platform()} ${arch()}`,
    loadAtStart: loadavg()[0] ?? 0,
  };
}

/** `machine` in a few words: cores, CPU model, Node version, operating system. */
function machineSummary(machine: MachineInfo): string {
  return `${machine.cores} cores, ${machine.cpuModel}, Node ${machine.node}, ${machine.os}`;
}

/**
 * The date and machine lines of a section whose command line follows in words of its own, with
 * the load at the start only.
 */
export function dateAndMachineLines(machine: MachineInfo): string {
  return [
    `- Date: ${machine.date}`,
    `- Machine: ${machineSummary(machine)}; 1-minute load average at start ${machine.loadAtStart.toFixed(2)}`,
  ].join('\n');
}

/** The lines every section starts with: date, machine, command, load. */
export function machineLines(machine: MachineInfo, command: string): string {
  return [
    `- Date: ${machine.date}`,
    `- Machine: ${machineSummary(machine)}`,
    `- Command: \`${command}\``,
    `- 1-minute load average at start: ${machine.loadAtStart.toFixed(2)}, at end: ${(loadavg()[0] ?? 0).toFixed(2)} (other work on the machine)`,
  ].join('\n');
}

/** The value at percentile `p` (0–100) of `values` (nearest rank; need not be sorted). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

/** The median of `values`. */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** `value` with `digits` decimals. */
export function fixed(value: number, digits = 2): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

/** `a ÷ b` as `1.23×`. */
export function ratio(a: number, b: number): string {
  return b > 0 && Number.isFinite(a) ? `${(a / b).toFixed(2)}×` : 'n/a';
}

/** `met` or a bold `missed`, for the target column. */
export function verdict(met: boolean): string {
  return met ? 'met' : '**missed**';
}

/**
 * Replaces the section `name` of docs/benchmarks.md with `markdown` (markers included), or
 * appends it when the file has no such section yet.
 */
export function writeDocSection(name: string, markdown: string): void {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const section = `${start}\n${markdown.trim()}\n${end}`;
  const current = existsSync(docPath) ? readFileSync(docPath, 'utf8') : '# Benchmarks\n';
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  const next =
    from >= 0 && to > from
      ? `${current.slice(0, from)}${section}${current.slice(to + end.length)}`
      : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(docPath, next);
  console.log(`wrote the ${name} section of docs/benchmarks.md`);
}

/**
 * How a checkout is named in a table: its commit and the commit's date (a path means nothing
 * to a reader of the docs), e.g. `557dfc3 (2026-12-03)`, marked when code outside `bench/`,
 * `docs/` and `test/` was changed and not committed.
 */
export function checkoutLabel(path: string): string {
  const run = spawnSync('git', ['-C', path, 'log', '-1', '--format=%h (%cs)'], {
    encoding: 'utf8',
  });
  const commit = run.status === 0 ? run.stdout.trim() : '';
  if (commit === '') return path;
  // Benchmarks, their test-support clients and docs do not change the product measured.
  const status = spawnSync(
    'git',
    ['-C', path, 'status', '--porcelain', '--', '.', ':!bench', ':!docs', ':!test'],
    {
      encoding: 'utf8',
    },
  );
  return status.stdout.trim() === '' ? commit : `${commit} + uncommitted changes`;
}

/** The section of docs/benchmarks.md that the script `bench/<name>.ts` writes. */
export interface BenchSection {
  /** {@link machineLines} for the machine as it was when the section was made, and the script. */
  machineLines(): string;
  /** Writes the section (see {@link writeDocSection}). */
  write(markdown: string): void;
}

/**
 * The section of the benchmark `bench/<name>.ts` (run with `pnpm tsx`). Make it first thing,
 * as {@link machineInfo} is read here.
 */
export function benchSection(name: string): BenchSection {
  const machine = machineInfo();
  return {
    machineLines: () => machineLines(machine, `pnpm tsx bench/${name}.ts`),
    write: (markdown) => writeDocSection(name, markdown),
  };
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Asks a child to close, gives it `graceMs` to exit by itself, then kills it. */
export async function closeChild(
  child: {
    request(type: string): Promise<unknown>;
    exited: Promise<unknown>;
    kill(): void;
  },
  graceMs = 5000,
): Promise<void> {
  await child.request('close').catch(() => undefined);
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    child.exited,
    new Promise((resolve) => {
      timer = setTimeout(resolve, graceMs);
    }),
  ]);
  clearTimeout(timer);
  child.kill();
}
