/**
 * Whether `origin` is opaque: what a browser sends for a sandboxed or `data:` document, a
 * `file:` page or a redirect across origins (`null`), or anything that is not an http(s)
 * origin. Any website can produce one, so it identifies nobody.
 */
export function isOpaqueOrigin(origin: string): boolean {
  if (origin === 'null') return true;
  try {
    const url = new URL(origin);
    return (url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== origin;
  } catch {
    return true;
  }
}

const LOOPBACK_HOSTNAME = /^(?:127(?:\.\d{1,3}){3}|localhost|\[::1\])$/i;

/** Whether an http(s) origin names this computer (its traffic never leaves it). */
export function isLoopbackOrigin(origin: string): boolean {
  try {
    return LOOPBACK_HOSTNAME.test(new URL(origin).hostname);
  } catch {
    return false;
  }
}
