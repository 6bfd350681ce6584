import type { SectionId } from '@nhicard/protocol';
import type { ReadOptions } from '../card-driver.js';
import { DriverError } from '../driver-error.js';
import { abortableWait } from './abortable-wait.js';
import { decideAccess, SIMULATOR_CODES, typedPinDecision } from './card-access.js';
import type { InjectedFailure } from './failure-injection.js';
import { cardLeftError, simulatorCodeError, waitError } from './simulator-errors.js';
import { sectionBytesOf } from './virtual-card.js';
import type { Insertion, VirtualReader } from './virtual-reader.js';

/** What one simulated read needs from its driver. */
export interface SimulatedReadContext {
  /** How long the section's read takes. */
  latencyMs: number;
  /** Aborted when the driver closes. */
  lifetime: AbortSignal;
}

/**
 * One read on a virtual reader, run inside its queue. Like the DLL, the card is asked at the
 * start of the call; a PIN-protected section of a card with a PIN opens the PIN prompt and
 * waits for it; the answer comes after the section's read time (plus any injected hang), if
 * the card is still there by then.
 */
export async function simulatedRead(
  reader: VirtualReader,
  insertion: Insertion,
  section: SectionId,
  options: ReadOptions,
  context: SimulatedReadContext,
): Promise<Uint8Array> {
  const signals = [context.lifetime, insertion.removed];
  if (options.signal) signals.push(options.signal);
  const wait = async (durationMs: number | null): Promise<void> => {
    await abortableWait(durationMs, signals).catch((reason: unknown) => {
      throw waitError(reader, section, reason, context.lifetime, options.signal);
    });
  };
  let decision = decideAccess(reader, insertion, section);
  const failure: InjectedFailure | undefined = reader.failures.take(section);
  if (decision.allowed === 'ask') {
    options.onPinPrompt?.();
    const typed = await reader.pinPrompt.wait(signals).catch((reason: unknown) => {
      throw waitError(reader, section, reason, context.lifetime, options.signal);
    });
    decision = typedPinDecision(insertion, typed);
  }
  if (failure?.kind === 'remove-card') {
    await wait(failure.afterMs ?? context.latencyMs / 2);
    reader.remove();
    throw cardLeftError(reader.id, section);
  }
  let durationMs: number | null = context.latencyMs;
  if (failure?.kind === 'hang') {
    durationMs = failure.durationMs === undefined ? null : durationMs + failure.durationMs;
  }
  await wait(durationMs);
  const fail = (code: number): DriverError => simulatorCodeError(code, section);
  if (reader.faultCode !== null) throw fail(reader.faultCode);
  if (failure?.kind === 'code') throw fail(failure.code);
  if (decision.allowed === false) throw fail(decision.code);
  if (decision.allowed === true && decision.verifiesPin) reader.markPinVerified();
  return sectionBytesOf(insertion.card, section);
}

/**
 * The error of a read that cannot start when its turn comes: the driver closed, the reader in
 * fault, no card when it was asked for, or that card gone since.
 */
export function readRefusal(
  reader: VirtualReader,
  insertion: Insertion | undefined,
  section: SectionId,
  lifetime: AbortSignal,
): DriverError | null {
  if (lifetime.aborted) return DriverError.closed('simulator');
  if (reader.faultCode !== null) return simulatorCodeError(reader.faultCode, section);
  if (insertion === undefined) return simulatorCodeError(SIMULATOR_CODES.noCard, section);
  if (insertion.removed.aborted) return cardLeftError(reader.id, section);
  return null;
}
