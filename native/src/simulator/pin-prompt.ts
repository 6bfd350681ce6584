import { onFirstAbort } from './abortable-wait.js';

/**
 * The simulated PIN dialog of one reader: what csHIS.dll shows on a real counter PC when a
 * read needs the holder's PIN. It is open while a read waits; the demo page, the CLI or a test
 * types the PIN into it (`typePin`), or presses Cancel (null).
 */
export class PinPrompt {
  private answerWaiter: ((pin: string | null) => void) | null = null;

  /** Whether a read is waiting for the PIN now. */
  get open(): boolean {
    return this.answerWaiter !== null;
  }

  /**
   * Opens the prompt and waits for the typed PIN (null for Cancel); rejects with the reason of
   * the first of `signals` to abort (the caller's deadline, the card's removal), which closes it.
   */
  wait(signals: readonly AbortSignal[]): Promise<string | null> {
    const fired = signals.find((signal) => signal.aborted);
    if (fired !== undefined) return Promise.reject(fired.reason);
    return new Promise<string | null>((resolve, reject) => {
      const stopListening = onFirstAbort(signals, (reason) => {
        this.answerWaiter = null;
        reject(reason);
      });
      this.answerWaiter = (pin) => {
        this.answerWaiter = null;
        stopListening();
        resolve(pin);
      };
    });
  }

  /** Types `pin` (null: Cancel) into the open prompt; false when none is open. */
  answer(pin: string | null): boolean {
    const waiter = this.answerWaiter;
    if (waiter === null) return false;
    waiter(pin);
    return true;
  }
}
