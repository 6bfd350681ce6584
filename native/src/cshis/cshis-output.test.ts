import { describe, expect, it } from 'vitest';
import { cshisDeclaration } from './cshis-declarations.js';
import { outputBytes } from './cshis-output.js';
import type { CallResult } from './host-protocol.js';

const result = (bytes: number[], numbers: Record<string, number>): CallResult => ({
  rc: 0,
  buffers: { buf: Buffer.from(bytes).toString('base64') },
  numbers,
});

function outputOf(name: string) {
  const { output } = cshisDeclaration(name);
  if (output === null) throw new Error(`${name} has no output`);
  return output;
}

describe('outputBytes', () => {
  it('returns the declared width of a fixed read', () => {
    const buffer = Array.from({ length: 9 }, (_, i) => 0x30 + i);
    expect(outputBytes(outputOf('hisGetRegisterBasic2'), result(buffer, { len: 9 }))).toStrictEqual(
      Uint8Array.from(buffer),
    );
  });

  it('keeps the declared width when the DLL reports a length it does not document', () => {
    const buffer = new Array<number>(540).fill(0x20);
    expect(
      outputBytes(outputOf('hisGetTreatmentNeedHPC'), result(buffer, { len: 400 })),
    ).toHaveLength(372);
  });

  it('returns the whole ICD-10 layout when the DLL reports its length, for the decoder to name', () => {
    const buffer = new Array<number>(138).fill(0x41);
    expect(
      outputBytes(outputOf('hisGetCriticalIllness'), result(buffer, { len: 138 })),
    ).toHaveLength(138);
  });

  it('returns the records the DLL counted', () => {
    const buffer = new Array<number>(120).fill(0);
    buffer.fill(0x41, 0, 40);
    buffer.fill(0x42, 40, 80);
    const bytes = outputBytes(outputOf('hisReadPrescriptAllergic'), result(buffer, { count: 2 }));
    expect(bytes).toStrictEqual(Uint8Array.from(buffer.slice(0, 80)));
  });

  it('never returns more records than declared, nor fewer than none', () => {
    const buffer = new Array<number>(120).fill(0x43);
    const output = outputOf('hisReadPrescriptAllergic');
    expect(outputBytes(output, result(buffer, { count: 9 }))).toHaveLength(120);
    expect(outputBytes(output, result(buffer, { count: -1 }))).toHaveLength(0);
  });
});
