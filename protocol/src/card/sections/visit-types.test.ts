import { describe, expect, it } from 'vitest';
import { VISIT_TYPES, type VisitTypeCode, visitKindOf, visitTypeCodeOf } from './visit-types.js';

describe('visit types', () => {
  it('decodes the codes of the project reference', () => {
    expect(['01', '02', '03', '04', '05'].map(visitKindOf)).toStrictEqual([
      'western-outpatient',
      'dental',
      'chinese-medicine',
      'emergency',
      'inpatient',
    ]);
  });

  it('gives null for blank, unknown, lower-case and inherited names', () => {
    expect(['', 'Q9', 'ae', 'toString', '__proto__'].map(visitKindOf)).toStrictEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
  });

  it('maps every kind back to its own code', () => {
    const codes = Object.keys(VISIT_TYPES) as VisitTypeCode[];
    expect(codes.map((code) => visitTypeCodeOf(VISIT_TYPES[code].kind))).toStrictEqual(codes);
  });
});
