import { FLOAT32_OPTIONS, type Options, Packr, Unpackr } from 'msgpackr';
import { CLOSE_CODES } from './close-codes.js';
import { type Codec, type DecodeLimits, decodeFailure, scanThenParse } from './codec.js';
import { scanMsgpack } from './msgpack-prescan.js';

// Plain MessagePack only: no records, no structured clone, no extra types, so every frame is
// readable by any MessagePack library. Numbers: integers go out as ints up to 32 bits and
// as float64 beyond (exact up to MAX_SAFE_INTEGER); fractions as float64, never float32,
// so they come back bit for bit. 64-bit ints from other encoders are read as numbers.
const packOptions: Options & { skipValues: readonly unknown[] } = {
  useRecords: false,
  structuredClone: false,
  moreTypes: false,
  bundleStrings: false,
  useFloat32: FLOAT32_OPTIONS.NEVER,
  // Leaves out object fields that are undefined instead of writing msgpackr's ext for them.
  skipValues: [undefined],
};
const unpackOptions: Options = {
  useRecords: false,
  structuredClone: false,
  moreTypes: false,
  mapsAsObjects: true,
  int64AsType: 'number',
};

const packr = new Packr(packOptions);
const unpackr = new Unpackr(unpackOptions);
const unpack = (frame: Uint8Array): unknown => unpackr.unpack(frame);

/**
 * `nhicard.v1.msgpack`: one MessagePack value per binary frame. Frames are pre-scanned
 * (`scanMsgpack`), so msgpackr only ever sees plain maps with string keys, arrays, strings,
 * numbers, booleans and nil, and decodes them to plain objects and arrays.
 */
export const msgpackCodec: Codec<Uint8Array> = {
  subprotocol: 'nhicard.v1.msgpack',
  binary: true,
  encode(message) {
    const packed = packr.pack(message);
    // A plain view, so callers (and browsers) never see Node's Buffer type.
    return new Uint8Array(packed.buffer, packed.byteOffset, packed.byteLength);
  },
  decode(frame, limits?: DecodeLimits) {
    if (!(frame instanceof Uint8Array)) {
      return decodeFailure(
        CLOSE_CODES.UNSUPPORTED_DATA,
        'nhicard.v1.msgpack takes binary frames',
        true,
      );
    }
    return scanThenParse(frame, limits, scanMsgpack, unpack, 'MessagePack');
  },
};
