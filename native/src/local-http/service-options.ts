// The options the drivers of a clinic PC's local services (the virtual-card SDK, the CS 6.0
// console) share: where the service listens and how long a virtual card's QR code holds.

/**
 * The service's base URL: `value`, else `fallback`.
 * @throws RangeError for a URL that is not http: or https: (`wanted` words the message).
 */
export function localServiceUrl(
  value: string | undefined,
  fallback: string,
  service: string,
  wanted: string,
): URL {
  const url = new URL(value ?? fallback);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new RangeError(`The ${service} URL must be ${wanted}, got ${url.protocol}`);
  }
  return url;
}

/**
 * How long an accepted QR code stays a card in the reader (the services do not say).
 * @default 300000
 * @throws RangeError for a value that is not a positive integer.
 */
export function qrValidityMs(value: number | undefined): number {
  const validityMs = value ?? 300_000;
  if (!Number.isInteger(validityMs) || validityMs < 1) {
    throw new RangeError(`qrValidityMs must be a positive integer, got ${validityMs}`);
  }
  return validityMs;
}
