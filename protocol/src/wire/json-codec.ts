import { CLOSE_CODES } from './close-codes.js';
import { type Codec, type DecodeLimits, decodeFailure, scanThenParse } from './codec.js';
import { scanJsonText } from './json-prescan.js';

const parseJson = (text: string): unknown => JSON.parse(text);

/**
 * `nhicard.v1.json`: one JSON text per text frame. `JSON.stringify` already leaves out
 * `undefined` fields; `JSON.parse` gives own data properties only, so the result is safe to
 * hand to the parsers.
 */
export const jsonCodec: Codec<string> = {
  subprotocol: 'nhicard.v1.json',
  binary: false,
  encode: (message) => JSON.stringify(message),
  decode(frame, limits?: DecodeLimits) {
    if (typeof frame !== 'string') {
      return decodeFailure(CLOSE_CODES.UNSUPPORTED_DATA, 'nhicard.v1.json takes text frames', true);
    }
    return scanThenParse(frame, limits, scanJsonText, parseJson, 'JSON');
  },
};
