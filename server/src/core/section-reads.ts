import type { CardSectionsData, SectionErrors, SectionId } from '@nhicard/protocol';
import { type BrokerError, toBrokerError } from './broker-error.js';
import type { CardSession } from './card-session.js';
import type { ReaderSlot } from './reader-slot.js';
import { unsupportedSection } from './unsupported-section.js';

/** The result of `Broker.readCard`. */
export interface CardReadResult {
  /** The reader read from. */
  reader: string;
  /** The sections that were read, decoded. */
  sections: CardSectionsData;
  /** Sections that failed, when some (not all) did. */
  errors?: SectionErrors;
  /** The insertion the sections were read from. */
  insertion: string;
}

/**
 * The sections from the slot's current insertion's cache, when its card is ready and every
 * one of them is cached; undefined otherwise. The same sections give the same object until
 * the cache changes: callers must not modify it.
 */
export function cachedSections(
  slot: ReaderSlot,
  sections: readonly SectionId[],
): CardReadResult | undefined {
  const session = slot.session;
  if (session === null || !slot.isReady(session)) return undefined;
  const cached = session.cachedSections();
  for (const section of sections) if (!cached.has(section)) return undefined;
  // One section (the common ask) is its own key: an interned string, no joining or hashing.
  const key = sections.length === 1 ? (sections[0] as string) : sections.join(',');
  const built = session.builtFromCache(key) as CardReadResult | undefined;
  if (built !== undefined) return built;
  const found: Record<string, unknown> = {};
  for (const section of sections) found[section] = cached.get(section);
  return session.keepBuilt(key, {
    reader: slot.info.id,
    sections: found as CardSectionsData,
    insertion: session.insertion,
  });
}

/**
 * Reads `sections` of the session's card once it is ready, each from the cache or the device
 * (`fresh` forces the device). Sections that fail are listed in `errors`; when every section
 * fails the promise rejects with the first error.
 */
export async function readSections(
  slot: ReaderSlot,
  session: CardSession,
  sections: readonly SectionId[],
  signal: AbortSignal,
  fresh: boolean,
): Promise<CardReadResult> {
  await slot.whenReady(session, signal);
  const readable = new Set(slot.sections);
  const outcomes = await Promise.allSettled(
    sections.map((section) =>
      readable.has(section)
        ? session.section(section, signal, fresh)
        : Promise.reject(unsupportedSection(slot.info.driver, section)),
    ),
  );
  const result: CardReadResult = {
    reader: slot.info.id,
    sections: {},
    insertion: session.insertion,
  };
  const errors: SectionErrors = {};
  let firstError: BrokerError | undefined;
  outcomes.forEach((outcome, index) => {
    const section = sections[index] as SectionId;
    if (outcome.status === 'fulfilled') {
      (result.sections as Record<SectionId, unknown>)[section] = outcome.value;
      return;
    }
    const error = toBrokerError(outcome.reason);
    firstError ??= error;
    errors[section] = error.toWire();
  });
  if (firstError === undefined) return result;
  if (Object.keys(result.sections).length === 0) throw firstError;
  result.errors = errors;
  return result;
}
