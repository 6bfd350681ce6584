/** Where the CS 6.0 reader console (讀卡機控制軟體 6.0) listens, as installed by the NHI. */
export const DEFAULT_CS6_URL = 'https://localhost:5066';

/** Options of {@link createCs6Driver}. */
export interface Cs6DriverOptions {
  /**
   * Base URL of the console's local HTTPS service. Its certificate is self-signed and made at
   * install time, so it is accepted without a CA (the URL should name this machine).
   * @default 'https://localhost:5066'
   */
  url?: string;
  /**
   * Whether the driver asks the console to initialise (`POST /api/common/v1/Initial`) when a
   * status says it is not: without it the console reports no card.
   * @default true
   */
  initialize?: boolean;
  /**
   * The id of the console's card slot.
   * @default 'cs6-0'
   */
  readerId?: string;
}

/** {@link Cs6DriverOptions} with every default applied. */
export interface ResolvedCs6Options {
  url: URL;
  initialize: boolean;
  readerId: string;
}

/**
 * Applies the defaults and checks the values.
 * @throws RangeError for a URL that is not http(s).
 */
export function resolveCs6Options(options: Cs6DriverOptions = {}): ResolvedCs6Options {
  const url = new URL(options.url ?? DEFAULT_CS6_URL);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new RangeError(`The CS 6.0 console URL must be https, got ${url.protocol}`);
  }
  // Calls to the console have no time limit here: each gets its poll's deadline from the caller.
  return {
    url,
    initialize: options.initialize ?? true,
    readerId: options.readerId ?? 'cs6-0',
  };
}
