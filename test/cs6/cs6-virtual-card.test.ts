// The cs6 driver's virtual-card reader against the console stand-in: a QR code handed to
// `VirtualHc/ReadBasic` is an insertion whose basic data decodes to exactly the card's values
// (the stand-in cuts its JSON fields from the demo cards' 72-byte csHIS buffers, the byte
// fixtures compared here), read once and kept; a new code is a new insertion and the card's
// validity ends it; wrong readers, sections and a console that is down are clear errors.
// Refusals are in cs6-virtual-card-errors.test.ts.
import { createCs6Driver, loadDemoCard, type VirtualCard } from '@nhicard/native';
import { decodeSection } from '@nhicard/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADULT_BASIC_CS6 } from '../server/card-data.test-helpers.js';
import {
  expectEmpty,
  failure,
  nextStatus,
  useVirtualCardConsole,
  VIRTUAL,
} from './cs6-virtual-card-checks.js';

let adult: VirtualCard;
let hkscs: VirtualCard;

const stand = useVirtualCardConsole();

beforeAll(async () => {
  adult = await loadDemoCard('adult');
  hkscs = await loadDemoCard('hkscs-name');
});

describe('the cs6 virtual-card reader', () => {
  it('is listed next to the card slot, as a virtual-card reader that reads basic data', async () => {
    expect(await stand.driver.listReaders()).toEqual([
      {
        id: 'cs6-0',
        name: 'CS 6.0 reader console (讀卡機控制軟體 6.0)',
        driver: 'cs6',
        sections: [],
      },
      {
        id: VIRTUAL,
        name: 'Virtual NHI card via the CS 6.0 console (虛擬健保卡)',
        driver: 'vhc',
        sections: ['basic'],
      },
    ]);
    await expectEmpty(stand.driver);
    expect(await failure(stand.driver.read(VIRTUAL, 'basic'))).toMatchObject({
      code: 'NO_CARD',
      native: { source: 'vhc', code: 4013, message: '未置入虛擬健保卡' },
    });
  });

  it('inserts the card a QR code names and decodes its basic data exactly', async () => {
    const qr = stand.console6.virtualCards.issueQr(adult);
    const pushed = nextStatus(stand.driver);
    await stand.driver.submitQr(VIRTUAL, qr);
    expect(await pushed).toEqual({ presence: 'ready', nativeCode: 0, insertionId: 1 });
    expect(stand.console6.calls.at(-1)).toBe('POST /api/hc/v1/VirtualHc/ReadBasic');
    const bytes = await stand.driver.read(VIRTUAL, 'basic');
    expect(Buffer.from(bytes).toString('hex')).toBe(
      // The adult demo card's csHIS buffer up to the sex field, then blanks for the issue
      // date, cancel flag and emergency phone that ReadBasic does not carry.
      `${Buffer.from(adult.sections.get('basic') ?? [])
        .subarray(0, 50)
        .toString('hex')}${'20'.repeat(22)}`,
    );
    expect(decodeSection('basic', bytes)).toStrictEqual(ADULT_BASIC_CS6);
    // Read again without calling the console: the token was good for one use.
    const callsBefore = stand.console6.calls.length;
    expect(await stand.driver.read(VIRTUAL, 'basic')).toEqual(bytes);
    expect(stand.console6.calls.length).toBe(callsBefore);
  });

  it('keeps an HKSCS name byte for byte, with the decoder warning about it', async () => {
    await stand.driver.submitQr(VIRTUAL, stand.console6.virtualCards.issueQr(hkscs));
    const basic = decodeSection('basic', await stand.driver.read(VIRTUAL, 'basic'));
    expect([basic.name, basic.idNumber, basic.birthDate, basic.sexRaw]).toEqual([
      '許堃瑋',
      'K120987651',
      '1992-08-27',
      'M',
    ]);
    expect(basic.warnings).toEqual([
      {
        kind: 'non-standard-char',
        field: 'name',
        message: 'characters outside standard Big5: 堃 (fb69)',
        raw: 'b35cfb69deb32020202020202020202020202020',
      },
    ]);
  });

  it('makes each new QR code a new insertion and ends the card when its validity runs out', async () => {
    const short = createCs6Driver({ url: stand.console6.url, qrValidityMs: 200 });
    try {
      const first = nextStatus(short);
      await short.submitQr(VIRTUAL, stand.console6.virtualCards.issueQr(adult));
      expect((await first).insertionId).toBe(1);
      const second = nextStatus(short);
      await short.submitQr(VIRTUAL, stand.console6.virtualCards.issueQr(hkscs));
      expect((await second).insertionId).toBe(2);
      // The removal is pushed when the 200 ms validity lapses; the test waits for the event.
      expect(await nextStatus(short)).toEqual({
        presence: 'no-card',
        nativeCode: null,
        insertionId: null,
      });
      expect((await failure(short.read(VIRTUAL, 'basic'))).native?.code).toBe(4013);
    } finally {
      await short.close();
    }
  });

  it('refuses an empty code, a code on the card slot, and sections other than basic', async () => {
    expect(await failure(stand.driver.submitQr(VIRTUAL, '  '))).toMatchObject({
      code: 'BAD_REQUEST',
      message: 'The QR code is empty.',
    });
    expect(await failure(stand.driver.submitQr('cs6-0', 'VHCQR2.x'))).toMatchObject({
      code: 'UNSUPPORTED',
      message: "Reader cs6-0 is the console's card slot; QR codes go to cs6-vhc-0.",
    });
    await stand.driver.submitQr(VIRTUAL, stand.console6.virtualCards.issueQr(adult));
    expect(await failure(stand.driver.read(VIRTUAL, 'insurance'))).toMatchObject({
      code: 'UNSUPPORTED',
      message:
        "The CS 6.0 console gives a virtual card's basic data only; insurance comes from the NHI cloud, which nhicard does not call.",
    });
  });

  it('says the console does not answer when it is down, and works again when it is back', async () => {
    await stand.console6.stop();
    try {
      const error = await failure(
        stand.driver.submitQr(VIRTUAL, stand.console6.virtualCards.issueQr(adult)),
      );
      expect(error.code).toBe('READER_ERROR');
      expect(error.message).toMatch(
        /^The CS 6\.0 console at https:\/\/127\.0\.0\.1:\d+ does not answer; is it running\?/,
      );
      await expectEmpty(stand.driver);
    } finally {
      await stand.console6.start();
    }
    await stand.driver.submitQr(VIRTUAL, stand.console6.virtualCards.issueQr(adult));
    expect((await stand.driver.status(VIRTUAL)).presence).toBe('ready');
  });
});
