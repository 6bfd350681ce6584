/**
 * Waits on state that test helpers collect as it arrives (a process's output, a client's
 * frames, a driver's events): each wait re-checks its probe whenever the owner says something
 * new arrived, and fails with the owner's own description of what it saw when it runs out.
 */
export class PendingWaits {
  private readonly checks = new Set<() => void>();

  /** Re-checks every pending wait; call after new input arrives. */
  recheck(): void {
    for (const check of [...this.checks]) check();
  }

  /**
   * Resolves with `probe`'s first result other than undefined; rejects with the message
   * `onTimeout` writes when `waitMs` pass first.
   */
  until<T>(probe: () => T | undefined, waitMs: number, onTimeout: () => string): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const found = probe();
        if (found === undefined) return;
        this.checks.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        this.checks.delete(check);
        reject(new Error(onTimeout()));
      }, waitMs);
      this.checks.add(check);
      check();
    });
  }
}
