import { isSectionId, type SectionId } from '@nhicard/protocol';

/**
 * What an injected failure does to a read:
 * - `code`: the read takes its usual time, then fails with this csHIS return code (e.g. 5015
 *   「門診處方箋」讀取失敗), reported as the catalog maps it;
 * - `hang`: the read answers `durationMs` late (then normally), or, without `durationMs`, never:
 *   only the caller's `AbortSignal` (→ `TIMEOUT`/`ABORTED`) or a removal ends it;
 * - `remove-card`: the card is pulled out `afterMs` into the read (default: halfway through
 *   the section's read latency); the read fails with `CARD_REMOVED` and the slot is empty.
 */
export type InjectedFailure =
  | { kind: 'code'; code: number }
  | { kind: 'hang'; durationMs?: number }
  | { kind: 'remove-card'; afterMs?: number };

/** A failure to inject into the reads of one reader. */
export interface FailureInjection {
  /** The section whose reads fail; omitted: any section. */
  section?: SectionId;
  /** What happens to the read. */
  failure: InjectedFailure;
  /**
   * `once`: only the next matching read; `always`: every matching read until cancelled.
   * @default 'once'
   */
  times?: 'once' | 'always';
}

interface Rule {
  readonly injection: FailureInjection;
}

function checkInjection(injection: FailureInjection): void {
  const { section, failure, times } = injection;
  if (section !== undefined && !isSectionId(section)) {
    throw new RangeError(`injectFailure: unknown section ${JSON.stringify(section)}`);
  }
  if (times !== undefined && times !== 'once' && times !== 'always') {
    throw new RangeError(`injectFailure: times must be 'once' or 'always'`);
  }
  const isDuration = (value: number | undefined): boolean =>
    value === undefined || (Number.isFinite(value) && value >= 0);
  switch (failure.kind) {
    case 'code':
      // 0 is csHIS for success: injecting it would make a "failure" that is not one.
      if (!Number.isSafeInteger(failure.code) || failure.code <= 0) {
        throw new RangeError(`injectFailure: code ${failure.code} is not a csHIS error code`);
      }
      return;
    case 'hang':
      if (!isDuration(failure.durationMs)) {
        throw new RangeError(`injectFailure: durationMs ${failure.durationMs} is not >= 0`);
      }
      return;
    case 'remove-card':
      if (!isDuration(failure.afterMs)) {
        throw new RangeError(`injectFailure: afterMs ${failure.afterMs} is not >= 0`);
      }
      return;
    default:
      throw new RangeError(`injectFailure: unknown failure kind`);
  }
}

/**
 * The failures injected into one reader, in the order they were added. A read takes the first
 * rule that matches its section; a `once` rule is used up by it. Rules outlive insertions:
 * they belong to the reader, not to the card.
 */
export class FailureRules {
  private rules: Rule[] = [];

  /**
   * Adds a rule and returns the function that cancels it (a no-op once it is used up).
   * @throws RangeError for an unknown section, a code that is not an error, a negative time.
   */
  add(injection: FailureInjection): () => void {
    checkInjection(injection);
    const rule: Rule = { injection: { ...injection, failure: { ...injection.failure } } };
    this.rules.push(rule);
    return () => {
      this.rules = this.rules.filter((candidate) => candidate !== rule);
    };
  }

  /** Removes the first rule matching `section`, if any, keeping `always` rules. */
  take(section: SectionId): InjectedFailure | undefined {
    const rule = this.rules.find(
      ({ injection }) => injection.section === undefined || injection.section === section,
    );
    if (rule === undefined) return undefined;
    if ((rule.injection.times ?? 'once') === 'once') {
      this.rules = this.rules.filter((candidate) => candidate !== rule);
    }
    return rule.injection.failure;
  }

  /** Drops every rule. */
  clear(): void {
    this.rules = [];
  }

  /** How many rules are waiting (for tests and diagnostics). */
  get size(): number {
    return this.rules.length;
  }
}
