import { type DestinationStream, type Logger, pino } from 'pino';
import type { LogLevel } from '../config/nhicard-config.js';
import { maskPersonalData, scrubIdNumbers } from './mask-personal-data.js';
import { PersonalValueMemory } from './personal-value-memory.js';

/** Options of {@link createLogger}. */
export interface CreateLoggerOptions {
  /**
   * Least severe level written.
   * @default 'info'
   */
  level?: LogLevel;
  /**
   * Where the JSON lines go.
   * @default standard error, written synchronously so nothing is lost when the process exits
   */
  destination?: DestinationStream;
}

/**
 * The broker's logger: pino writing one JSON object a line, with the level as a label and an
 * ISO time. Nothing personal gets through, whatever a caller passes: every argument of every
 * log call goes through {@link maskPersonalData} (ID numbers, names and birth dates masked,
 * bytes and raw fields hidden, errors flattened and masked), and so does each finished line,
 * child bindings included. The logger remembers the personal values it masked (a bounded
 * {@link PersonalValueMemory}), so a name it has seen as a field is masked in message text too.
 */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const memory = new PersonalValueMemory();
  const mask = (value: unknown): unknown => maskPersonalData(value, memory);
  return pino(
    {
      level: options.level ?? 'info',
      timestamp: pino.stdTimeFunctions.isoTime,
      // Errors are already flattened and masked in logMethod; pino's own serializer would
      // re-type the plain objects as `Object`.
      serializers: { err: (value: unknown) => value },
      formatters: {
        level: (label) => ({ level: label }),
      },
      hooks: {
        logMethod(args, method) {
          const [first, ...rest] = args;
          // The object first: the personal values it holds are then masked in the strings too.
          const head = first instanceof Error ? { err: mask(first) } : mask(first);
          const tail = rest.map((arg) => mask(arg));
          if (first instanceof Error && tail.length === 0) {
            tail.push(String((head as { err: { message?: unknown } }).err.message ?? ''));
          }
          Reflect.apply(method, this, [head, ...tail]);
        },
        // Child bindings never pass through logMethod (and pino applies no bindings formatter
        // to them), so the finished line is masked as a whole once more.
        streamWrite: (line) => maskLine(line, memory),
      },
    },
    options.destination ?? pino.destination({ fd: 2, sync: true }),
  );
}

function maskLine(line: string, memory: PersonalValueMemory): string {
  try {
    return `${JSON.stringify(maskPersonalData(JSON.parse(line), memory))}\n`;
  } catch {
    return scrubIdNumbers(memory.scrub(line));
  }
}
