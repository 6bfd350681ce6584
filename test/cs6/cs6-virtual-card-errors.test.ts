// The cs6 driver's virtual-card reader refusing: every code the console stand-in answers to
// `VirtualHc/ReadBasic` (unknown, expired and reused QR codes, the cloud down, a missing
// registration, offline failures) carries the VHC catalog's code and zh-TW text and changes
// nothing, a card already presented stays, and malformed replies are clear errors.
import { loadDemoCard, type VirtualCard } from '@nhicard/native';
import { decodeSection } from '@nhicard/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  expectCatalogError,
  expectEmpty,
  failure,
  useVirtualCardConsole,
  VIRTUAL,
} from './cs6-virtual-card-checks.js';

let adult: VirtualCard;

const stand = useVirtualCardConsole();

beforeAll(async () => {
  adult = await loadDemoCard('adult');
});

describe('the cs6 virtual-card reader refusing', () => {
  it.each([
    ['1019 for a QR code never issued', 'vhc', 1019, (): string => 'VHCQR2.never-issued'],
    ['1018 for an expired QR code', 'vhc', 1018, (): string => expiredQr()],
    ['1020 for a QR code used before', 'vhc', 1020, (): string => usedQr()],
    ['1004 when the NHI cloud is down', 'vhc', 1004, (): string => cloudDown()],
    ['1017 when the console is not registered', 'vhc', 1017, (): string => registration('missing')],
    [
      '1015 when the device token expired',
      'vhc',
      1015,
      (): string => registration('device-token-expired'),
    ],
    ['1045 offline and not registered', 'vhc', 1045, (): string => offline('missing')],
    [
      '1046 offline with the offline authorisation expired',
      'vhc',
      1046,
      (): string => offline('offline-auth-expired'),
    ],
    [
      '2108 offline for a code it cannot decrypt',
      'vhc-offline',
      2108,
      (): string => offlineUndecryptable(),
    ],
    ['2102 offline with the clock out of step', 'vhc-offline', 2102, (): string => offlineClock()],
    ['2101 offline for an expired code', 'vhc-offline', 2101, (): string => offlineExpired()],
  ] as const)(
    'answers %s, with the catalog text, and changes nothing',
    async (_name, source, code, setUp) => {
      const qr = setUp();
      const callsBefore = stand.console6.calls.length;
      expectCatalogError(await failure(stand.driver.submitQr(VIRTUAL, qr)), source, code, qr);
      expect(stand.console6.calls.slice(callsBefore)).toEqual([
        'POST /api/hc/v1/VirtualHc/ReadBasic',
      ]);
      await expectEmpty(stand.driver);
    },
  );

  it('accepts a code read offline (2000) as an insertion', async () => {
    stand.console6.virtualCards.setMode('offline');
    await stand.driver.submitQr(VIRTUAL, stand.console6.virtualCards.issueQr(adult));
    expect((await stand.driver.status(VIRTUAL)).presence).toBe('ready');
    expect(decodeSection('basic', await stand.driver.read(VIRTUAL, 'basic')).name).toBe('林志明');
  });

  it('keeps the card presented when a later QR code is refused', async () => {
    await stand.driver.submitQr(VIRTUAL, stand.console6.virtualCards.issueQr(adult));
    const before = await stand.driver.status(VIRTUAL);
    const error = await failure(stand.driver.submitQr(VIRTUAL, expiredQr()));
    expect(error.native?.code).toBe(1018);
    expect(await stand.driver.status(VIRTUAL)).toEqual(before);
    expect(decodeSection('basic', await stand.driver.read(VIRTUAL, 'basic')).name).toBe('林志明');
  });

  it.each([
    [
      'an HTTP error',
      { status: 500, json: { message: 'boom' } },
      'READER_ERROR',
      'The CS 6.0 console answered /api/hc/v1/VirtualHc/ReadBasic with HTTP 500.',
    ],
    [
      'no status code',
      { status: 200, json: { cardId: '000031415926' } },
      'READER_ERROR',
      'The CS 6.0 console answered /api/hc/v1/VirtualHc/ReadBasic with no status code.',
    ],
    [
      'success without the ID number',
      {
        status: 200,
        json: {
          statusCode: 0,
          cardId: '000031415926',
          name: '林志明',
          birthday: '0740314',
          sex: 'M',
        },
      },
      'CARD_ERROR',
      "The CS 6.0 console's virtual-card basic data has a idNo that is not a 10-character ID number.",
    ],
  ] as const)(
    'answers a reply with %s clearly and inserts nothing',
    async (_name, reply, code, message) => {
      stand.console6.virtualCards.replyNext(reply);
      const error = await failure(
        stand.driver.submitQr(VIRTUAL, stand.console6.virtualCards.issueQr(adult)),
      );
      expect([error.code, error.message]).toEqual([code, message]);
      await expectEmpty(stand.driver);
    },
  );
});

function expiredQr(): string {
  const qr = stand.console6.virtualCards.issueQr(adult);
  stand.console6.virtualCards.expireQr(qr);
  return qr;
}

function usedQr(): string {
  const qr = stand.console6.virtualCards.issueQr(adult);
  stand.console6.virtualCards.readBasic({ token: qr });
  return qr;
}

function cloudDown(): string {
  stand.console6.virtualCards.setCloudUp(false);
  return stand.console6.virtualCards.issueQr(adult);
}

function registration(state: 'missing' | 'device-token-expired'): string {
  stand.console6.virtualCards.setRegistration(state);
  return stand.console6.virtualCards.issueQr(adult);
}

function offline(state: 'missing' | 'offline-auth-expired'): string {
  stand.console6.virtualCards.setMode('offline');
  stand.console6.virtualCards.setRegistration(state);
  return stand.console6.virtualCards.issueQr(adult);
}

function offlineUndecryptable(): string {
  stand.console6.virtualCards.setMode('offline');
  return stand.console6.virtualCards.issueQr(adult, { offlineReadable: false });
}

function offlineClock(): string {
  stand.console6.virtualCards.setMode('offline');
  stand.console6.virtualCards.setClockInSync(false);
  return stand.console6.virtualCards.issueQr(adult);
}

function offlineExpired(): string {
  stand.console6.virtualCards.setMode('offline');
  return expiredQr();
}
