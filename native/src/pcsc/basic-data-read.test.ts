import { beforeEach, describe, expect, it } from 'vitest';
import { type BasicDataReadOptions, readBasicData } from './basic-data-read.js';
import { FakePcscApi, failure } from './fake-pcsc-api.test-helpers.js';
import { SCARD } from './scard-codes.js';

const READER = 'Reader A';
const SELECT = '00a4040010d1580000010000000000000000001100';
const READ = '00ca1100020000';
/** 57 data bytes: what the READ returns (content does not matter to the transport). */
const DATA = Buffer.from('0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTU').toString(
  'hex',
);

/** A card answering by command; unknown commands get `6D 00`. */
function card(answers: Record<string, string>): (command: string) => { response: string } {
  return (command) => ({ response: answers[command] ?? '6d00' });
}

describe('readBasicData', () => {
  let api: FakePcscApi;
  let options: BasicDataReadOptions;

  beforeEach(() => {
    api = new FakePcscApi();
    api.addReader(READER);
    options = {
      api,
      readerName: READER,
      maxAttempts: 3,
      retryDelayMs: 0,
      signal: new AbortController().signal,
    };
  });

  it('connects shared, selects, reads 57 bytes in a transaction and leaves the card', async () => {
    api.insert(READER, card({ [SELECT]: '9000', [READ]: `${DATA}9000` }));
    const bytes = await readBasicData(options);
    expect(Buffer.from(bytes).toString('hex')).toBe(DATA);
    expect(api.calls).toEqual([
      'establish',
      'connect Reader A 2 3',
      'begin 2',
      `transmit ${SELECT}`,
      `transmit ${READ}`,
      'end 2 0',
      'disconnect 2 0',
      'release 1',
    ]);
  });

  it('follows 61 xx with GET RESPONSE until the data is complete', async () => {
    api.insert(
      READER,
      card({
        [SELECT]: '9000',
        [READ]: '6139',
        '00c0000039': `${DATA.slice(0, 40)}6125`,
        '00c0000025': `${DATA.slice(40)}9000`,
      }),
    );
    const bytes = await readBasicData(options);
    expect(Buffer.from(bytes).toString('hex')).toBe(DATA);
    expect(api.calls.filter((call) => call.startsWith('transmit'))).toEqual([
      `transmit ${SELECT}`,
      `transmit ${READ}`,
      'transmit 00c0000039',
      'transmit 00c0000025',
    ]);
  });

  it('sends GET RESPONSE again with the length a 6C xx asks for', async () => {
    api.insert(
      READER,
      card({ [SELECT]: '9000', [READ]: '6100', '00c0000000': '6c39', '00c0000039': `${DATA}9000` }),
    );
    expect(Buffer.from(await readBasicData(options)).toString('hex')).toBe(DATA);
  });

  it('tolerates 6D 00 on SELECT: the READ decides', async () => {
    api.insert(READER, card({ [SELECT]: '6d00', [READ]: `${DATA}9000` }));
    expect(Buffer.from(await readBasicData(options)).toString('hex')).toBe(DATA);
  });

  it('reports a card that refuses the READ as NOT_AN_NHI_CARD, with both status words', async () => {
    api.insert(READER, card({ [SELECT]: '6a82', [READ]: '6a88' }));
    const error = await failure(readBasicData(options));
    expect(error.code).toBe('NOT_AN_NHI_CARD');
    expect(error.message).toBe(
      'The card in Reader A is not an NHI card: it answered the basic-data READ with 6A 88 (SELECT: 6A 82)',
    );
    expect(api.calls.slice(-3)).toEqual(['end 2 0', 'disconnect 2 0', 'release 1']);
  });

  it.each([
    [
      'a READ of the wrong length',
      `${DATA.slice(2)}9000`,
      'The card in Reader A answered the basic-data READ with 56 bytes, not 57',
    ],
    [
      'an answer without status word (contact lost)',
      '',
      'READ on Reader A: the card answered 0 bytes and no status word (contact lost?)',
    ],
  ])('reports %s as CARD_ERROR', async (_answer, readResponse, message) => {
    api.insert(READER, card({ [SELECT]: '9000', [READ]: readResponse }));
    const error = await failure(readBasicData(options));
    expect(error.code).toBe('CARD_ERROR');
    expect(error.message).toBe(message);
  });

  it('retries a sharing violation and a reset card, then succeeds', async () => {
    api.insert(READER, card({ [SELECT]: '9000', [READ]: `${DATA}9000` }));
    api.connectFailures.push(SCARD.E_SHARING_VIOLATION);
    api.transmitFailures.push(SCARD.W_RESET_CARD);
    expect(Buffer.from(await readBasicData(options)).toString('hex')).toBe(DATA);
    expect(api.calls.filter((call) => call.startsWith('connect'))).toHaveLength(3);
    expect(api.calls.filter((call) => call === 'establish')).toHaveLength(3);
    expect(api.calls.filter((call) => call.startsWith('release'))).toHaveLength(3);
  });

  it('gives up after maxAttempts with the PC/SC error', async () => {
    api.insert(READER, card({}));
    api.connectFailures.push(SCARD.E_SHARING_VIOLATION, SCARD.E_SHARING_VIOLATION);
    const error = await failure(readBasicData({ ...options, maxAttempts: 2 }));
    expect(error.code).toBe('BUSY');
    expect(error.native?.code).toBe(SCARD.E_SHARING_VIOLATION);
    expect(error.message).toBe(
      'connect to Reader A: Another program is using the card exclusively (SCARD_E_SHARING_VIOLATION, 0x8010000B)',
    );
  });

  it('does not retry other failures', async () => {
    api.insert(READER, card({}));
    api.transmitFailures.push(SCARD.E_NOT_TRANSACTED);
    const error = await failure(readBasicData(options));
    expect(error.code).toBe('CARD_ERROR');
    expect(error.native?.code).toBe(SCARD.E_NOT_TRANSACTED);
    expect(api.calls.filter((call) => call.startsWith('connect'))).toHaveLength(1);
  });

  it('fails with NO_CARD when the slot is empty, releasing its context', async () => {
    const error = await failure(readBasicData(options));
    expect(error.code).toBe('NO_CARD');
    expect(api.calls).toEqual(['establish', 'connect Reader A 2 3', 'release 1']);
  });

  it('does not start when already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(readBasicData({ ...options, signal: controller.signal })).rejects.toThrow('stop');
    expect(api.calls).toEqual([]);
  });
});
