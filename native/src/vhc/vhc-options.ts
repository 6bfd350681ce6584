import { localServiceUrl, qrValidityMs } from '../local-http/service-options.js';

/** Where the virtual NHI card SDK listens on a clinic PC, as installed by the NHI. */
const DEFAULT_VHC_URL = 'http://localhost:3033/';

/** Options of {@link createVhcDriver}. */
export interface VhcDriverOptions {
  /**
   * Base URL of the virtual-card SDK's local HTTP service.
   * @default 'http://localhost:3033/'
   */
  url?: string;
  /**
   * How long an accepted QR code stays "inserted": the SDK does not say when a virtual card
   * lapses, so the reader reports a removal after this long (or as soon as the SDK answers a
   * read with "no virtual card" or "QR code expired", whichever comes first).
   * @default 300000
   */
  qrValidityMs?: number;
  /**
   * The id of the virtual reader.
   * @default 'vhc-0'
   */
  readerId?: string;
}

/** {@link VhcDriverOptions} with every default applied. */
export interface ResolvedVhcOptions {
  url: URL;
  qrValidityMs: number;
  readerId: string;
}

/**
 * Applies the defaults and checks the values.
 * @throws RangeError for a URL that is not http(s) or a non-positive duration.
 */
export function resolveVhcOptions(options: VhcDriverOptions = {}): ResolvedVhcOptions {
  const url = localServiceUrl(options.url, DEFAULT_VHC_URL, 'virtual-card SDK', 'http(s)');
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  // Calls to the SDK have no time limit here: each gets its request's deadline from the caller.
  return {
    url,
    qrValidityMs: qrValidityMs(options.qrValidityMs),
    readerId: options.readerId ?? 'vhc-0',
  };
}
