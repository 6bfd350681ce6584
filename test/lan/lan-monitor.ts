// The test's side of lan-monitor-process.ts: its JSON lines, waited for by predicate.
import type { ChildProcess } from 'node:child_process';
import { PendingWaits } from '../support/pending-waits.js';

const WAIT_MS = 60_000;

/** One line the monitor process printed. */
export interface MonitorLine {
  kind: 'frame' | 'state' | 'event' | 'result' | 'probe';
  [field: string]: unknown;
}

/** A monitor process in namespace `b`; its stdout is JSON lines, its stdin takes requests. */
export class Monitor {
  readonly lines: MonitorLine[] = [];
  private readonly waits = new PendingWaits();
  private stderr = '';

  constructor(readonly child: ChildProcess) {
    let partial = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      const parts = `${partial}${chunk}`.split('\n');
      partial = parts.pop() ?? '';
      for (const part of parts) if (part !== '') this.lines.push(JSON.parse(part) as MonitorLine);
      this.waits.recheck();
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk;
    });
  }

  /** Waits for the first line (from index `from`) that `accept` takes. */
  waitFor(accept: (line: MonitorLine) => boolean, what: string, from = 0): Promise<MonitorLine> {
    return this.waits.until(
      () => this.lines.slice(from).find(accept),
      WAIT_MS,
      () => `monitor: timed out waiting for ${what}\n${this.stderr}`,
    );
  }

  send(request: Record<string, unknown>): void {
    this.child.stdin?.write(`${JSON.stringify(request)}\n`);
  }

  /** Every frame received, as text (binary frames decoded from base64 as UTF-8 bytes). */
  frameTexts(): string[] {
    return this.lines
      .filter((line) => line.kind === 'frame')
      .map((line) =>
        line.binary === true
          ? Buffer.from(String(line.text), 'base64').toString('utf8')
          : String(line.text),
      );
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}
