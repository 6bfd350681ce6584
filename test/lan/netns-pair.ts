// Two network namespaces joined by a veth pair, made for one test run and removed after it:
// each run names its namespaces, links and /24 (10.77.<n>.0) after itself, and never touches
// the machine's own interfaces. Needs root and iproute2.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { requireStack } from '../support/require-stack.js';

/** Runs `ip ...args`; throws with its stderr when it fails. */
function ip(...args: string[]): void {
  const result = spawnSync('ip', args, { encoding: 'utf8' });
  if (result.error !== undefined || result.status !== 0) {
    throw new Error(
      `ip ${args.join(' ')} failed: ${result.error?.message ?? result.stderr.trim()}`,
    );
  }
}

/** Whether this process may make network namespaces (root with iproute2), asked by making one. */
export function requireNetns(): boolean {
  const probe = `nhicard-probe-${process.pid}-${randomBytes(3).toString('hex')}`;
  const made = spawnSync('ip', ['netns', 'add', probe], { encoding: 'utf8' });
  const ok = made.error === undefined && made.status === 0;
  if (ok) spawnSync('ip', ['netns', 'delete', probe]);
  const why =
    made.error !== undefined
      ? `iproute2's ip not found (apt-get install -y iproute2)`
      : `\`ip netns add\` failed (${made.stderr.trim()}): run the tests as root, as CI does`;
  return requireStack('netns', ok, why);
}

/** The two ends: a namespace each, with an address on its end of the veth pair. */
export interface NetnsEnd {
  readonly namespace: string;
  readonly address: string;
}

/** Two namespaces, `a` and `b`, that reach each other over a veth pair and nothing else. */
export class NetnsPair {
  private constructor(
    readonly a: NetnsEnd,
    readonly b: NetnsEnd,
    /** The run's /24 without its last octet, e.g. `10.77.42`. */
    readonly subnet: string,
    private readonly links: readonly string[],
  ) {}

  /** Makes the pair; on failure removes whatever it made. */
  static create(): NetnsPair {
    const tag = randomBytes(3).toString('hex');
    // The third octet is this run's: the namespaces are private, but a run's addresses say
    // whose they are when someone looks.
    const octet = 1 + (Number.parseInt(tag, 16) % 254);
    const a = { namespace: `nhicard-lan-a-${tag}`, address: `10.77.${octet}.1` };
    const b = { namespace: `nhicard-lan-b-${tag}`, address: `10.77.${octet}.2` };
    const linkA = `nhla${tag}`;
    const linkB = `nhlb${tag}`;
    const pair = new NetnsPair(a, b, `10.77.${octet}`, [linkA, linkB]);
    try {
      ip('netns', 'add', a.namespace);
      ip('netns', 'add', b.namespace);
      ip('link', 'add', linkA, 'type', 'veth', 'peer', 'name', linkB);
      ip('link', 'set', linkA, 'netns', a.namespace);
      ip('link', 'set', linkB, 'netns', b.namespace);
      for (const [end, link] of [
        [a, linkA],
        [b, linkB],
      ] as const) {
        ip('-n', end.namespace, 'addr', 'add', `${end.address}/24`, 'dev', link);
        ip('-n', end.namespace, 'link', 'set', link, 'up');
        ip('-n', end.namespace, 'link', 'set', 'lo', 'up');
      }
    } catch (error) {
      pair.remove();
      throw error;
    }
    return pair;
  }

  /** Gives `end` one more address of the run's /24 (`<subnet>.<host>`) on its veth end. */
  addAddress(end: NetnsEnd, host: number): void {
    const link = this.links[end === this.a ? 0 : 1] ?? '';
    ip('-n', end.namespace, 'addr', 'add', `${this.subnet}.${host}/24`, 'dev', link);
  }

  /** `argv` prefixed to run inside `end`'s namespace. */
  static inside(end: NetnsEnd, argv: readonly string[]): string[] {
    return ['netns', 'exec', end.namespace, ...argv];
  }

  /**
   * Deletes both namespaces (the veth pair goes with them), and the pair itself where a failed
   * set-up left it in the machine's namespace; what does not exist is skipped.
   */
  remove(): void {
    for (const end of [this.a, this.b]) spawnSync('ip', ['netns', 'delete', end.namespace]);
    for (const link of this.links) spawnSync('ip', ['link', 'delete', link]);
  }
}
