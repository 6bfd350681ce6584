import { requestJson } from '../local-http/json-request.js';
import { resolveCs6Options } from './cs6-options.js';
import { type Cs6ConsoleState, describeCs6State, parseCs6Status } from './cs6-status.js';

/** What {@link probeCs6} found. */
export interface Cs6Probe {
  /** The URL probed. */
  url: string;
  /** Whether the console answered its Status call with a status. */
  answers: boolean;
  /** The console's state, when it answered. */
  state: Cs6ConsoleState | null;
  /** One line: the state in words, or why nothing usable answered. */
  detail: string;
}

/** Asks the CS 6.0 console for its status once (nothing is initialised or changed). */
export async function probeCs6(
  options: { url?: string; timeoutMs?: number } = {},
): Promise<Cs6Probe> {
  const { url } = resolveCs6Options(options.url === undefined ? {} : { url: options.url });
  try {
    const reply = await requestJson({
      url: new URL('/api/common/v1/Status', url),
      method: 'GET',
      timeoutMs: options.timeoutMs ?? 2000,
      acceptSelfSigned: true,
    });
    const state = parseCs6Status(reply.body);
    if (state === null) {
      return {
        url: url.href,
        answers: false,
        state,
        detail: `HTTP ${reply.status}, not a console status`,
      };
    }
    return { url: url.href, answers: true, state, detail: describeCs6State(state) };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { url: url.href, answers: false, state: null, detail };
  }
}
