import {
  type CardSectionsData,
  type SectionErrors,
  type SectionId,
  sectionDeadlineMs,
  type TopicData,
} from '@nhicard/protocol';
import { toBrokerError } from './broker-error.js';
import type { CardSession } from './card-session.js';
import { startDeadline } from './deadline.js';
import type { ReaderSlotContext } from './reader-slot.js';

/**
 * The automatic read of an insertion, once its card is ready: the configured sections one
 * after another (basic first, as configured), each a request of its own with its deadline
 * from the table, announced with `card.reading` (and `card.pin` while a PIN is awaited). Each
 * section is published the moment it is decoded: a partial `card.read` with every section
 * decoded so far and the `pending` ones, then one final `card.read` without `pending`.
 */
export async function autoRead(session: CardSession, context: ReaderSlotContext): Promise<void> {
  const { options, publish } = context;
  const readable = new Set(context.sections);
  const sections = options.autoReadSections.filter((section) => readable.has(section));
  const { insertion } = session;
  const read: CardSectionsData = {};
  const errors: SectionErrors = {};
  const result = (): TopicData['card.read'] => {
    const data: TopicData['card.read'] = {
      holder: session.holder,
      sections: { ...read },
      insertion,
    };
    if (Object.keys(errors).length > 0) data.errors = { ...errors };
    return data;
  };
  for (const [index, section] of sections.entries()) {
    if (session.ended) return;
    publish('card.reading', { section, index: index + 1, total: sections.length, insertion });
    const deadlineMs = sectionDeadlineMs(section, options.deadlines);
    const deadline = startDeadline(deadlineMs, `The automatic read of ${section}`);
    try {
      (read as Record<SectionId, unknown>)[section] = await session.section(
        section,
        deadline.signal,
      );
    } catch (error) {
      const brokerError = toBrokerError(error);
      // The removal event says it all; a card.error for the interrupted read would be noise.
      if (session.ended || brokerError.code === 'CARD_REMOVED') return;
      errors[section] = brokerError.toWire();
      publish('card.error', { error: brokerError.toWire(), section, insertion });
      continue;
    } finally {
      deadline.clear();
    }
    const pending = sections.slice(index + 1);
    // Data as soon as it exists: the form fills with basic while insurance is still read.
    if (pending.length > 0 && !session.ended) publish('card.read', { ...result(), pending });
  }
  if (session.ended) return;
  publish('card.read', result());
}
