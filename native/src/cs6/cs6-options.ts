import { localServiceUrl, qrValidityMs } from '../local-http/service-options.js';

/** Where the CS 6.0 reader console (讀卡機控制軟體 6.0) listens, as installed by the NHI. */
const DEFAULT_CS6_URL = 'https://localhost:5066';

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
  /**
   * Whether the driver serves the console's virtual-card slot (QR codes read through the
   * console's `VirtualHc/ReadBasic`). The broker leaves it out when the virtual-card SDK's own
   * reader runs next to the console, so that one reader takes QR codes.
   * @default true
   */
  virtualCard?: boolean;
  /**
   * The id of the console's virtual-card slot, which takes QR codes (`vhc.submitQr`).
   * @default 'cs6-vhc-0'
   */
  virtualReaderId?: string;
  /**
   * How long a virtual card the console accepted stays "inserted" on the virtual-card slot:
   * nothing says when it lapses, so the slot reports a removal after this long.
   * @default 300000
   */
  qrValidityMs?: number;
}

/** {@link Cs6DriverOptions} with every default applied. */
export interface ResolvedCs6Options {
  url: URL;
  initialize: boolean;
  readerId: string;
  virtualCard: boolean;
  virtualReaderId: string;
  qrValidityMs: number;
}

/**
 * Applies the defaults and checks the values.
 * @throws RangeError for a URL that is not http(s), a non-positive validity, or
 *   the same id for both slots.
 */
export function resolveCs6Options(options: Cs6DriverOptions = {}): ResolvedCs6Options {
  const url = localServiceUrl(options.url, DEFAULT_CS6_URL, 'CS 6.0 console', 'https');
  const validityMs = qrValidityMs(options.qrValidityMs);
  const readerId = options.readerId ?? 'cs6-0';
  const virtualReaderId = options.virtualReaderId ?? 'cs6-vhc-0';
  if (readerId === virtualReaderId) {
    throw new RangeError(`readerId and virtualReaderId must differ, both are ${readerId}`);
  }
  return {
    url,
    initialize: options.initialize ?? true,
    readerId,
    virtualCard: options.virtualCard ?? true,
    virtualReaderId,
    qrValidityMs: validityMs,
  };
}
