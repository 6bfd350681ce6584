import { describe, expect, it } from 'vitest';
import {
  type CardAnswer,
  type EmulatedCardBehaviour,
  EmulatedNhiCard,
} from './emulated-nhi-card.js';

const DATA = Array.from({ length: 57 }, (_, index) => index);
const DATA_HEX = Buffer.from(DATA).toString('hex');
const SELECT = '00a4040010d1580000010000000000000000001100';
const READ = '00ca1100020000';

function cardWith(overrides: Partial<EmulatedCardBehaviour> = {}): EmulatedNhiCard {
  return new EmulatedNhiCard({
    kind: 'nhi',
    basicData: DATA,
    protocol: 'T=1',
    selectAnswer: '9000',
    fault: 'none',
    ...overrides,
  });
}

function send(card: EmulatedNhiCard, hex: string): string {
  const answer: CardAnswer = card.respond(Uint8Array.from(Buffer.from(hex, 'hex')));
  return answer.kind === 'response' ? Buffer.from(answer.bytes).toString('hex') : answer.kind;
}

describe('EmulatedNhiCard', () => {
  it('answers SELECT then READ with the 57 bytes (T=1)', () => {
    const card = cardWith();
    expect(Buffer.from(card.atr()).toString('hex')).toBe('3b80800101');
    expect(send(card, READ)).toBe('6a88');
    expect(send(card, SELECT)).toBe('9000');
    expect(send(card, READ)).toBe(`${DATA_HEX}9000`);
  });

  it('forgets the selection on power cycle', () => {
    const card = cardWith();
    send(card, SELECT);
    card.powerCycle();
    expect(send(card, READ)).toBe('6a88');
  });

  it('answers 6D 00 to SELECT and reads without it when configured so', () => {
    const card = cardWith({ selectAnswer: '6D00' });
    expect(send(card, READ)).toBe(`${DATA_HEX}9000`);
    expect(send(card, SELECT)).toBe('6d00');
  });

  it('speaks T=0: 61 39, then the data by GET RESPONSE (6C xx for a wrong length)', () => {
    const card = cardWith({ protocol: 'T=0' });
    expect(Buffer.from(card.atr()).toString('hex')).toBe('3b00');
    send(card, SELECT);
    expect(send(card, READ)).toBe('6139');
    expect(send(card, '00c0000010')).toBe('6c39');
    expect(send(card, '00c0000039')).toBe(`${DATA_HEX}9000`);
    expect(send(card, '00c0000039')).toBe('6985');
  });

  it('is another kind of card, refusing the NHI applet and the READ', () => {
    const card = cardWith({ kind: 'not-nhi' });
    expect(send(card, SELECT)).toBe('6a82');
    expect(send(card, READ)).toBe('6a88');
    expect(send(card, '80ca000000')).toBe('6e00');
  });

  it('stays silent or drops the connection on READ when told to', () => {
    expect(send(cardWith({ fault: 'silent' }), SELECT)).toBe('silence');
    const dropping = cardWith({ fault: 'disconnect-on-read' });
    expect(send(dropping, SELECT)).toBe('9000');
    expect(send(dropping, READ)).toBe('disconnect');
  });

  it('refuses basic data of the wrong size', () => {
    expect(() => cardWith({ basicData: [1, 2, 3] })).toThrow(
      new RangeError('basicData: 3 bytes, expected 57'),
    );
  });
});
