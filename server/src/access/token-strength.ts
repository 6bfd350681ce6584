/** The least entropy a token must carry: a token is all that stands between a program and card data. */
const MIN_TOKEN_BITS = 128;

const CLASSES: readonly [RegExp, number][] = [
  [/[a-z]/, 26],
  [/[A-Z]/, 26],
  [/[0-9]/, 10],
  [/[^a-zA-Z0-9]/, 33],
];

/**
 * A conservative estimate of the bits of entropy in `token`, as if it were drawn at random from
 * the alphabet its characters suggest (hex digits: 16 a character; base64url: 64). A token
 * that repeats few characters (`aaaa…`, `abab…`) is judged by how few it uses.
 */
function estimateTokenBits(token: string): number {
  const characters = Array.from(token);
  if (characters.length === 0) return 0;
  const isHex = /^[0-9a-f]+$/.test(token) || /^[0-9A-F]+$/.test(token);
  const alphabet = isHex
    ? 16
    : CLASSES.reduce((size, [pattern, count]) => (pattern.test(token) ? size + count : size), 0);
  const distinct = new Set(characters).size;
  // Random text of n characters from an alphabet of a uses about min(a, n) / 2 distinct ones
  // at the least; far fewer means a pattern, not chance.
  if (distinct < Math.min(alphabet, characters.length) / 2) {
    return characters.length * Math.log2(Math.max(distinct, 1));
  }
  return characters.length * Math.log2(alphabet);
}

/** Null when `token` is strong enough, else why not (never quoting the token). */
export function tokenStrengthProblem(token: string): string | null {
  const bits = Math.floor(estimateTokenBits(token));
  return bits >= MIN_TOKEN_BITS
    ? null
    : `carries about ${bits} bits of entropy, fewer than ${MIN_TOKEN_BITS}: make one with \`openssl rand -hex 32\` (64 hex digits)`;
}
