// A pino logger whose lines a test reads back: what the broker logs, checked for what it must
// say and for what it must never quote (tokens, QR codes, ID numbers).
import { type Level, type Logger, pino } from 'pino';

/** A logger at `level` and the JSON lines it has written, in order. */
export function captureLog(level: Level): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = pino({ level }, { write: (line: string) => lines.push(line) });
  return { logger, lines };
}
