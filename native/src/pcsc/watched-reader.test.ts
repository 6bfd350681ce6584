import { describe, expect, it } from 'vitest';
import { atrHexOf, type Insertion, slotChangeOf, WatchedReader } from './watched-reader.js';

const insertion = (atrHex: string, phase: Insertion['phase'] = 'ready'): Insertion => ({
  id: 7,
  atrHex,
  phase,
  ended: new AbortController(),
});
const ATR = '3b80800101';

describe('slotChangeOf', () => {
  it('sees insertions and removals', () => {
    expect(slotChangeOf(0x1_0010, null, 0x2_0022, ATR)).toBe('inserted');
    expect(slotChangeOf(0x2_0020, insertion(ATR), 0x3_0012, '')).toBe('removed');
    expect(slotChangeOf(0x1_0010, null, 0x1_0010, '')).toBe('unchanged');
  });

  it('sees a card out and another in between two answers by the counter (+2)', () => {
    expect(slotChangeOf(0x2_0020, insertion(ATR), 0x4_0022, ATR)).toBe('replaced');
    expect(slotChangeOf(0xffff_0020, insertion(ATR), 0x0001_0022, ATR)).toBe('replaced');
    expect(slotChangeOf(0x2_0020, insertion(ATR), 0x2_0120, ATR)).toBe('unchanged');
  });

  it('sees another ATR as another card, but a mute card getting its ATR as the same', () => {
    expect(slotChangeOf(0x2_0020, insertion(ATR), 0x2_0022, '3b00')).toBe('replaced');
    expect(slotChangeOf(0x2_0220, insertion(''), 0x2_0022, ATR)).toBe('unchanged');
  });
});

describe('WatchedReader', () => {
  it('maps phases to presence, and reports only changes', () => {
    const reader = new WatchedReader('Reader A');
    expect(reader.id).toBe('Reader A');
    expect(reader.takeStatusChange()).toEqual({
      presence: 'no-card',
      nativeCode: null,
      insertionId: null,
    });
    expect(reader.takeStatusChange()).toBeNull();
    reader.insertion = insertion(ATR, 'settling');
    expect(reader.takeStatusChange()).toEqual({
      presence: 'not-ready',
      nativeCode: null,
      insertionId: 7,
    });
    reader.insertion.phase = 'probing';
    expect(reader.takeStatusChange()).toBeNull();
    reader.insertion.phase = 'not-nhi-card';
    expect(reader.status()).toEqual({ presence: 'not-nhi-card', nativeCode: null, insertionId: 7 });
    reader.insertion.phase = 'mute';
    expect(reader.status()).toEqual({
      presence: 'not-nhi-card',
      nativeCode: 0x80100066,
      insertionId: 7,
    });
  });

  it('reports an unavailable reader as reader-error', () => {
    const reader = new WatchedReader('Reader A');
    reader.eventState = 0x0008;
    expect(reader.status()).toEqual({
      presence: 'reader-error',
      nativeCode: 0x80100017,
      insertionId: null,
    });
  });

  it('writes ATRs as lower-case hex', () => {
    expect(atrHexOf(Uint8Array.of(0x3b, 0x80, 0x0a))).toBe('3b800a');
  });
});
