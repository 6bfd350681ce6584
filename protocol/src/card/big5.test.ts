import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { Big5DecodeError, decodeAscii, decodeBig5 } from './big5.js';
import { encodeBig5, encodeBig5Field } from './big5-encode.js';
import { BIG5_POINTER_COUNT, big5PointerToCodePoint } from './big5-index.js';

const hex = (text: string): Uint8Array =>
  Uint8Array.from(Buffer.from(text.replace(/ /g, ''), 'hex'));
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const TRAIL_BYTES = [
  ...Array.from({ length: 0x7e - 0x40 + 1 }, (_, index) => 0x40 + index),
  ...Array.from({ length: 0xfe - 0xa1 + 1 }, (_, index) => 0xa1 + index),
];
const LEAD_BYTES = Array.from({ length: 0xfe - 0x81 + 1 }, (_, index) => 0x81 + index);

function isStandardArea(code: number): boolean {
  return (
    (code >= 0xa140 && code <= 0xa3bf) ||
    (code >= 0xa440 && code <= 0xc67e) ||
    (code >= 0xc940 && code <= 0xf9d5)
  );
}

/** Independent trim for comparisons: spaces, NULs and U+3000 at both ends. */
function trimPadding(text: string): string {
  const padding = new Set([' ', '\u0000', '\u3000']);
  const chars = Array.from(text);
  while (chars.length > 0 && padding.has(chars[0] ?? '')) chars.shift();
  while (chars.length > 0 && padding.has(chars[chars.length - 1] ?? '')) chars.pop();
  return chars.join('');
}

function decodeError(bytes: Uint8Array): Big5DecodeError {
  try {
    decodeBig5(bytes);
  } catch (error) {
    if (error instanceof Big5DecodeError) return error;
    throw error;
  }
  throw new Error(`expected ${toHex(bytes)} to be rejected`);
}

/** Every byte pair with a valid trail byte, decoded by iconv-lite (which follows WHATWG). */
const ALL_PAIRS = LEAD_BYTES.flatMap((lead) =>
  TRAIL_BYTES.map((trail) => {
    const reference = iconv.decode(Buffer.from([lead, trail]), 'big5');
    return {
      lead,
      trail,
      code: (lead << 8) | trail,
      reference,
      mapped: !reference.includes('\ufffd'),
    };
  }),
);
const MAPPED_PAIRS = ALL_PAIRS.filter((pair) => pair.mapped);

describe('decodeBig5 over the whole byte-pair space', () => {
  it('knows as many pairs as the WHATWG index (18,590 + 4 two-code-point pairs)', () => {
    expect(ALL_PAIRS).toHaveLength(126 * 157);
    expect(MAPPED_PAIRS).toHaveLength(18_594);
  });

  it('equals iconv-lite big5 for every mapped pair, and flags exactly the non-standard ones', () => {
    const mismatches: string[] = [];
    for (const { lead, trail, code, reference } of MAPPED_PAIRS) {
      // Framed by ASCII so padding characters (U+3000) are not trimmed away.
      const decoded = decodeBig5(Uint8Array.of(0x5b, lead, trail, 0x5d));
      const expectedNonStandard = isStandardArea(code)
        ? []
        : [{ char: reference, hex: code.toString(16), offset: 1 }];
      if (decoded.text !== `[${reference}]`) mismatches.push(`${code.toString(16)} text`);
      else if (JSON.stringify(decoded.nonStandard) !== JSON.stringify(expectedNonStandard)) {
        mismatches.push(`${code.toString(16)} nonStandard`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('throws Big5DecodeError at the lead byte wherever iconv-lite yields U+FFFD', () => {
    const unmapped = ALL_PAIRS.filter((pair) => !pair.mapped);
    expect(unmapped).toHaveLength(126 * 157 - 18_594);
    for (const { lead, trail } of unmapped) {
      const error = decodeError(Uint8Array.of(0x41, lead, trail));
      expect(error.offset).toBe(1);
    }
  });

  it('matches sample entries of the WHATWG index file (index-big5.txt)', () => {
    // pointer → code point, copied from whatwg/encoding index-big5.txt
    const samples: [number, number][] = [
      [942, 0x43f0],
      [947, 0x27267],
      [1064, 0x2adff],
      [1121, 0x0100],
      [1137, 0x00ca],
      [1168, 0x00ea],
      [1170, 0x23da],
      [1256, 0x2a3a9],
      [4912, 0x26159],
      [5023, 0x2626b],
      [5024, 0x3000],
      [5029, 0x2027],
      [5038, 0xfe51],
      [5121, 0xffe3],
      [5123, 0x02cd],
      [5180, 0xff0f],
      [5181, 0xff3c],
      [5247, 0x2550],
      [5287, 0x5341],
      [5289, 0x5345],
    ];
    expect(samples.map(([pointer]) => [pointer, big5PointerToCodePoint(pointer)])).toEqual(samples);
    // Gaps in that file: unmapped pointers.
    for (const pointer of [0, 941, 980, 1068, 1098, 1172, 1255, 1258, 4901, 4917]) {
      expect(big5PointerToCodePoint(pointer)).toBe(0);
    }
    expect(big5PointerToCodePoint(BIG5_POINTER_COUNT)).toBe(0);
  });
});

describe('decodeBig5 named cases', () => {
  it('decodes the HKSCS name character FB 69 as U+5803 堃 and reports it', () => {
    // 陳 B3AF, 堃 FB69, 明 A9FA, then space padding to 10 bytes
    expect(decodeBig5(hex('b3af fb69 a9fa 20 20 20 20'))).toEqual({
      text: '陳堃明',
      nonStandard: [{ char: '堃', hex: 'fb69', offset: 2 }],
    });
  });

  it('decodes a common name padded with spaces', () => {
    // 王 A4FD, 小 A470, 明 A9FA + 14 spaces = a 20-byte name field
    expect(decodeBig5(hex(`a4fd a470 a9fa ${'20'.repeat(14)}`))).toEqual({
      text: '王小明',
      nonStandard: [],
    });
  });

  it('trims spaces, NULs and U+3000 at both ends but keeps them inside', () => {
    // NUL, A140 (U+3000), 歐 BCDA, space, 陽 B6A7, A140, space, NUL, NUL
    expect(decodeBig5(hex('00 a140 bcda 20 b6a7 a140 20 00 00'))).toEqual({
      text: '歐 陽',
      nonStandard: [],
    });
    expect(decodeBig5(hex('20 00 a140'))).toEqual({ text: '', nonStandard: [] });
    expect(decodeBig5(new Uint8Array(0))).toEqual({ text: '', nonStandard: [] });
  });

  it('keeps English names and ASCII as is', () => {
    expect(decodeBig5(hex('4348454e 20 54412d574549 2020'))).toEqual({
      text: 'CHEN TA-WEI',
      nonStandard: [],
    });
  });

  it('decodes the four HKSCS letter-plus-mark pairs to two code points', () => {
    expect(decodeBig5(hex('8862 8864 88a3 88a5')).text).toBe(
      '\u00ca\u0304\u00ca\u030c\u00ea\u0304\u00ea\u030c',
    );
  });

  it('reports ETEN extension characters as non-standard', () => {
    // A3E1 €, C6A1 ①, F9FE ￭ are outside the original Big5 ranges
    expect(decodeBig5(hex('a3e1 c6a1 f9fe'))).toEqual({
      text: '€①￭',
      nonStandard: [
        { char: '€', hex: 'a3e1', offset: 0 },
        { char: '①', hex: 'c6a1', offset: 2 },
        { char: '￭', hex: 'f9fe', offset: 4 },
      ],
    });
  });

  it.each([
    ['41 80', 1, '0x80 is not a Big5 byte'],
    ['ff', 0, '0xff is not a Big5 byte'],
    ['a4fd a4', 2, 'lead byte 0xa4 has no trail byte'],
    ['a4 20', 0, '0x20 is not a Big5 trail byte'],
    ['a4fd a47f', 2, '0x7f is not a Big5 trail byte'],
    ['20 8140', 1, '0x8140 is not mapped in Big5'],
    ['a4fd c8a5', 2, '0xc8a5 is not mapped in Big5'],
  ])('rejects %s at offset %i', (bytes, offset, message) => {
    const error = decodeError(hex(bytes));
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('Big5DecodeError');
    expect(error.offset).toBe(offset);
    expect(error.message).toBe(message);
  });
});

describe('encodeBig5', () => {
  it('encodes names exactly', () => {
    expect(toHex(encodeBig5('王小明'))).toBe('a4fda470a9fa');
    expect(toHex(encodeBig5('歐陽娜娜'))).toBe('bcdab6a7ae52ae52');
    expect(toHex(encodeBig5('陳堃明'))).toBe('b3affb69a9fa');
    expect(toHex(encodeBig5('CHEN TA-WEI'))).toBe('4348454e2054412d574549');
    expect(toHex(encodeBig5(''))).toBe('');
  });

  it('encodes the letter-plus-mark pairs as one code, a lone letter as its own', () => {
    expect(toHex(encodeBig5('\u00ca\u0304\u00ca'))).toBe('88628866');
  });

  it('equals iconv-lite big5 for every character the decoder yields', () => {
    const mismatches: string[] = [];
    for (const { reference } of MAPPED_PAIRS) {
      const ours = toHex(encodeBig5(reference));
      const theirs = iconv.encode(reference, 'big5').toString('hex');
      if (ours !== theirs) mismatches.push(`${reference}: ${ours} vs ${theirs}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('picks one code for characters that two pairs decode to, and round-trips the rest', () => {
    const reencoded = new Map(
      MAPPED_PAIRS.map(({ code, reference }): [string, string] => [
        code.toString(16),
        toHex(encodeBig5(reference)),
      ]).filter(([code, encoded]) => code !== encoded),
    );
    // 100 pairs decode to a character that another pair also decodes to.
    expect(reencoded.size).toBe(100);
    // WHATWG takes the last pointer for U+2550 ═, U+255E ╞, U+256A ╪, U+2561 ╡, U+5341 十, U+5345 卅.
    expect(
      ['a2a4', 'a2a5', 'a2a6', 'a2a7', 'a2cc', 'a2ce'].map((code) => reencoded.get(code)),
    ).toEqual(['f9f9', 'f9e9', 'f9ea', 'f9eb', 'a451', 'a4ca']);
    // HKSCS codes whose character standard Big5 has re-encode to the standard code ...
    expect(reencoded.get('fbb8')).toBe('b440');
    expect(reencoded.get('8e69')).toBe('bae6');
    // ... duplicates within the HKSCS area take the first code, except 覩 鍮 靝 瀞.
    expect(reencoded.get('a063')).toBe('8fb6');
    expect(['8fcc', '92c8', '9644', '96ed'].map((code) => reencoded.get(code))).toEqual([
      'a0d4',
      'a05f',
      '9ce4',
      '96ee',
    ]);
    for (const [code, encoded] of reencoded) {
      expect(decodeBig5(hex(`20 ${encoded} 20`)).text).toBe(decodeBig5(hex(`20 ${code} 20`)).text);
    }
  });

  it.each([
    ['한국', '"한" (U+D55C) cannot be encoded in Big5'],
    ['王😀', '"😀" (U+1F600) cannot be encoded in Big5'],
    ['\u0304', '"\u0304" (U+0304) cannot be encoded in Big5'],
  ])('rejects %j', (text, message) => {
    expect(() => encodeBig5(text)).toThrow(new RangeError(message));
  });
});

describe('encodeBig5Field', () => {
  it('pads with spaces to the width', () => {
    expect(toHex(encodeBig5Field('王小明', 10))).toBe('a4fda470a9fa20202020');
    expect(toHex(encodeBig5Field('歐陽娜娜', 8))).toBe('bcdab6a7ae52ae52');
    expect(toHex(encodeBig5Field('', 3))).toBe('202020');
  });

  it('rejects text longer than the field', () => {
    expect(() => encodeBig5Field('歐陽娜娜', 7)).toThrow(
      new RangeError('text needs 8 bytes, the field holds 7'),
    );
  });
});

describe('decodeAscii', () => {
  it('trims spaces and NULs at both ends', () => {
    expect(decodeAscii(hex('20 41313233343536373839 00 00'))).toBe('A123456789');
    expect(decodeAscii(hex('00 20 00'))).toBe('');
    expect(decodeAscii(hex('41 00 42'))).toBe('A\u0000B');
  });

  it.each([
    ['4131 80', 2, '0x80 is not a printable ASCII byte'],
    ['a4fd', 0, '0xa4 is not a printable ASCII byte'],
    ['41 09', 1, '0x09 is not a printable ASCII byte'],
    ['41 7f', 1, '0x7f is not a printable ASCII byte'],
  ])('rejects %s at offset %i', (bytes, offset, message) => {
    let caught: unknown;
    try {
      decodeAscii(hex(bytes));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(Big5DecodeError);
    expect(caught).toMatchObject({ offset, message });
  });
});

describe('Big5 properties', () => {
  /** Every character the decoder can yield, minus the padding it trims. */
  const encodableChars = [
    ...Array.from({ length: 0x7f - 0x21 }, (_, index) => String.fromCharCode(0x21 + index)),
    ...MAPPED_PAIRS.map((pair) => pair.reference).filter((char) => char !== '\u3000'),
  ];

  it('no pair decodes to a lone combining mark, so the encoder pairs letters unambiguously', () => {
    expect(encodableChars.filter((char) => char === '\u0304' || char === '\u030c')).toEqual([]);
  });

  it('encode(decode(bytes)) = bytes for bytes made by encoding random text', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...encodableChars), { maxLength: 20 }), (chars) => {
        const text = chars.join('');
        const bytes = encodeBig5(text);
        const decoded = decodeBig5(bytes);
        expect(decoded.text).toBe(text);
        expect(toHex(encodeBig5(decoded.text))).toBe(toHex(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it('random bytes either decode like iconv-lite or throw Big5DecodeError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), (bytes) => {
        const reference = iconv.decode(Buffer.from(bytes), 'big5');
        let decoded: string | undefined;
        try {
          decoded = decodeBig5(bytes).text;
        } catch (error) {
          expect(error).toBeInstanceOf(Big5DecodeError);
          expect(reference).toContain('\ufffd');
          return;
        }
        expect(reference).not.toContain('\ufffd');
        expect(decoded).toBe(trimPadding(reference));
      }),
      { numRuns: 5000 },
    );
  });
});
