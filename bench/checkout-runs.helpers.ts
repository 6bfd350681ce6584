/**
 * What the benchmarks that compare checkouts share (insertion-latency, reader-poll-cpu): their
 * `--checkout <path>`… and `--runs` arguments (this checkout and 3 runs unless given), the
 * command line that names the checkouts in the report, and the "mean (lowest–highest)" cells.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkoutLabel, fixed } from './bench-report.helpers.js';

/** The checkout this script is in. */
export const THIS_CHECKOUT = fileURLToPath(new URL('..', import.meta.url));

/** The arguments of a run of `script`, with its own numeric options and their defaults. */
export interface CheckoutRuns<Extra extends string> {
  /** Absolute paths, in the order given. */
  checkouts: string[];
  runs: number;
  /** The script's own options, as numbers. */
  extra: Record<Extra, number>;
  /** The command for the report, each checkout named by its commit. */
  command: string;
}

/** Parses `--checkout`…, `--runs` and `extraDefaults`' options from the command line. */
export function checkoutRuns<Extra extends string>(
  script: string,
  extraDefaults: Record<Extra, string>,
): CheckoutRuns<Extra> {
  const names = Object.keys(extraDefaults) as Extra[];
  const { values } = parseArgs({
    options: {
      checkout: { type: 'string', multiple: true },
      runs: { type: 'string', default: '3' },
      ...Object.fromEntries(
        names.map((name) => [name, { type: 'string', default: extraDefaults[name] }] as const),
      ),
    },
  });
  const checkouts = ((values.checkout as string[] | undefined) ?? [THIS_CHECKOUT]).map((path) =>
    resolve(path),
  );
  const extra = Object.fromEntries(
    names.map((name) => [name, Number(values[name as keyof typeof values])]),
  ) as Record<Extra, number>;
  return {
    checkouts,
    runs: Number(values.runs),
    extra,
    command: `pnpm tsx bench/${script} ${checkouts.map((path) => `--checkout <${checkoutLabel(path).split(' ')[0]}>`).join(' ')}`,
  };
}

/** The mean of `list`. */
export function mean(list: readonly number[]): number {
  return list.reduce((sum, value) => sum + value, 0) / list.length;
}

/** `list`'s mean and its lowest and highest value, with `digits` decimals: `12 (10–15)`. */
export function meanAndRange(list: readonly number[], digits: number): string {
  return `${fixed(mean(list), digits)} (${fixed(Math.min(...list), digits)}–${fixed(Math.max(...list), digits)})`;
}
