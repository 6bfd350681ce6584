import { LocalHttpError, requestJson } from '../local-http/json-request.js';
import { resolveVhcOptions } from './vhc-options.js';

/** What {@link probeVhc} found. */
export interface VhcProbe {
  /** The URL probed. */
  url: string;
  /** Whether an HTTP service answered there. */
  answers: boolean;
  /** One line: the HTTP status it answered with, or why nothing answered. */
  detail: string;
}

/**
 * Whether the virtual-card SDK's local service answers at `url`. It sends a plain GET of the
 * base URL and counts any HTTP answer: no SDK call is made, so probing reads nothing and
 * changes nothing (a QR upload or a read would).
 */
export async function probeVhc(
  options: { url?: string; timeoutMs?: number } = {},
): Promise<VhcProbe> {
  const { url } = resolveVhcOptions(options.url === undefined ? {} : { url: options.url });
  try {
    const reply = await requestJson({ url, method: 'GET', timeoutMs: options.timeoutMs ?? 2000 });
    return { url: url.href, answers: true, detail: `answers (HTTP ${reply.status})` };
  } catch (error) {
    if (error instanceof LocalHttpError && error.failure === 'bad-reply') {
      return { url: url.href, answers: true, detail: 'answers (with a body that is not JSON)' };
    }
    const detail = error instanceof Error ? error.message : String(error);
    return { url: url.href, answers: false, detail };
  }
}
