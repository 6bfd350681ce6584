// The vhc driver against the SDK stand-in: a QR code is an insertion, reads come back as the
// csHIS layouts and decode to exactly the card's values, every refusal carries the catalog's
// code and zh-TW text, and the card's end (validity, "no virtual card", lapsed token) is a
// removal. The QR string never shows in an error.
import {
  type CardStatus,
  createVhcDriver,
  DriverError,
  loadDemoCard,
  type VhcDriver,
  type VirtualCard,
} from '@nhicard/native';
import { decodeSection } from '@nhicard/protocol';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startVhcStandIn, type VhcStandIn } from './vhc-sdk-stand-in.js';
import { expectCatalogError, nextStatusOf, rejectionOf } from './virtual-card-checks.js';

let adult: VirtualCard;
let sdk: VhcStandIn;
let driver: VhcDriver;

beforeAll(async () => {
  adult = await loadDemoCard('adult');
});

beforeEach(async () => {
  sdk = await startVhcStandIn();
  driver = createVhcDriver({ url: sdk.url });
});

afterEach(async () => {
  await driver.close();
  await sdk.close();
});

/** The driver's next pushed status for its reader. */
function nextStatus(): Promise<CardStatus> {
  return nextStatusOf(driver, 'vhc-0');
}

/** The DriverError `work` rejects with. */
function failure(work: Promise<unknown>): Promise<DriverError> {
  return rejectionOf(work, DriverError);
}

describe('the vhc driver against the SDK stand-in', () => {
  it('lists one virtual reader that starts empty', async () => {
    expect(await driver.listReaders()).toEqual([
      {
        id: 'vhc-0',
        name: 'Virtual NHI card (虛擬健保卡)',
        driver: 'vhc',
        sections: ['basic', 'insurance'],
      },
    ]);
    expect(await driver.status('vhc-0')).toEqual({
      presence: 'no-card',
      nativeCode: null,
      insertionId: null,
    });
  });

  it('turns an accepted QR code into an insertion and reads the card as csHIS bytes', async () => {
    const qr = sdk.issueQr(adult);
    const pushed = nextStatus();
    await driver.submitQr('vhc-0', qr);
    expect(await pushed).toEqual({ presence: 'ready', nativeCode: 0, insertionId: 1 });
    const basicBytes = await driver.read('vhc-0', 'basic');
    expect(basicBytes).toEqual(adult.sections.get('basic'));
    const basic = decodeSection('basic', basicBytes);
    expect([basic.name, basic.idNumber, basic.birthDate, basic.sex, basic.cardNumber]).toEqual([
      '林志明',
      'F123456784',
      '1985-03-14',
      'male',
      '000031415926',
    ]);
    const insurance = decodeSection('insurance', await driver.read('vhc-0', 'insurance'));
    expect([insurance.cardExpiryDate, insurance.visitsLeft]).toEqual(['2030-06-30', 3]);
    expect(sdk.calls.map((call) => call.path)).toEqual([
      '/QRCodeReader/uploadqrcode',
      '/VHC/VHChisGetBasicData',
      '/VHC/VHChisGetRegisterBasic',
    ]);
    expect(sdk.calls[0]?.fields).toEqual(['QRCodeString']);
  });

  it('refuses a used, an expired and an unknown QR code with 1020, 1018 and 1019, changing nothing', async () => {
    const qr = sdk.issueQr(adult);
    await driver.submitQr('vhc-0', qr);
    const before = await driver.status('vhc-0');
    expectCatalogError(await failure(driver.submitQr('vhc-0', qr)), 'vhc', 1020, qr);
    const stale = sdk.issueQr(adult);
    sdk.expireQr(stale);
    expectCatalogError(await failure(driver.submitQr('vhc-0', stale)), 'vhc', 1018, stale);
    expectCatalogError(await failure(driver.submitQr('vhc-0', 'VHCQR1.never-issued')), 'vhc', 1019);
    expect(await driver.status('vhc-0')).toEqual(before);
  });

  it('works offline: 2000 is an insertion, 1099 for data the SDK keeps online, 2101/2102/2108', async () => {
    sdk.setMode('offline');
    await driver.submitQr('vhc-0', sdk.issueQr(adult));
    expect((await driver.status('vhc-0')).presence).toBe('ready');
    expect(decodeSection('basic', await driver.read('vhc-0', 'basic')).name).toBe('林志明');
    expectCatalogError(await failure(driver.read('vhc-0', 'insurance')), 'vhc', 1099);
    const expired = sdk.issueQr(adult);
    sdk.expireQr(expired);
    expectCatalogError(await failure(driver.submitQr('vhc-0', expired)), 'vhc-offline', 2101);
    const onlineOnly = sdk.issueQr(adult, { offlineReadable: false });
    expectCatalogError(await failure(driver.submitQr('vhc-0', onlineOnly)), 'vhc-offline', 2108);
    sdk.setClockInSync(false);
    expectCatalogError(
      await failure(driver.submitQr('vhc-0', sdk.issueQr(adult))),
      'vhc-offline',
      2102,
    );
  });

  it('reports a missing registration, an expired device token and offline authorisation', async () => {
    const qr = sdk.issueQr(adult);
    sdk.setRegistration('missing');
    expectCatalogError(await failure(driver.submitQr('vhc-0', qr)), 'vhc', 1017);
    sdk.setMode('offline');
    expectCatalogError(await failure(driver.submitQr('vhc-0', qr)), 'vhc', 1045);
    sdk.setRegistration('offline-auth-expired');
    expectCatalogError(await failure(driver.submitQr('vhc-0', qr)), 'vhc', 1046);
    sdk.setMode('online');
    sdk.setRegistration('device-token-expired');
    expectCatalogError(await failure(driver.submitQr('vhc-0', qr)), 'vhc', 1015);
  });

  it('reports the NHI cloud being down: 1005 on upload, 1004 on a read', async () => {
    await driver.submitQr('vhc-0', sdk.issueQr(adult));
    sdk.setCloudUp(false);
    expectCatalogError(await failure(driver.read('vhc-0', 'basic')), 'vhc', 1004);
    expect((await driver.status('vhc-0')).presence).toBe('ready');
    expectCatalogError(await failure(driver.submitQr('vhc-0', sdk.issueQr(adult))), 'vhc', 1005);
  });

  it('ends the insertion when the SDK says the token lapsed (1021) or no card is in (4013)', async () => {
    await driver.submitQr('vhc-0', sdk.issueQr(adult));
    sdk.expirePresentedToken();
    const removal = nextStatus();
    expectCatalogError(await failure(driver.read('vhc-0', 'basic')), 'vhc', 1021);
    expect(await removal).toEqual({ presence: 'no-card', nativeCode: null, insertionId: null });
    await driver.submitQr('vhc-0', sdk.issueQr(adult));
    expect((await driver.status('vhc-0')).insertionId).toBe(2);
    sdk.failNext('basic', 4013);
    expectCatalogError(await failure(driver.read('vhc-0', 'basic')), 'vhc', 4013);
    expect((await driver.status('vhc-0')).presence).toBe('no-card');
    expectCatalogError(await failure(driver.read('vhc-0', 'basic')), 'vhc', 4013);
  });

  it("ends the insertion when the QR code's validity runs out", async () => {
    const shortLived = createVhcDriver({ url: sdk.url, qrValidityMs: 50 });
    try {
      const events: CardStatus[] = [];
      const removed = new Promise<void>((resolve) => {
        shortLived.watch((event) => {
          if (event.type !== 'status') return;
          events.push(event.status);
          if (event.status.presence === 'no-card') resolve();
        });
      });
      await shortLived.submitQr('vhc-0', sdk.issueQr(adult));
      await removed;
      expect(events.map((status) => [status.presence, status.insertionId])).toEqual([
        ['ready', 1],
        ['no-card', null],
      ]);
    } finally {
      await shortLived.close();
    }
  });

  it('says UNSUPPORTED for sections the SDK does not offer, and READER_ERROR when it is down', async () => {
    await driver.submitQr('vhc-0', sdk.issueQr(adult));
    const unsupported = await failure(driver.read('vhc-0', 'treatments'));
    expect(unsupported.code).toBe('UNSUPPORTED');
    expect(unsupported.message).toBe(
      'The virtual-card SDK offers nhicard only basic and insurance data, not treatments.',
    );
    await sdk.close();
    const down = await failure(driver.read('vhc-0', 'basic'));
    expect(down.code).toBe('READER_ERROR');
    expect(down.message).toMatch(
      /^The virtual-card SDK does not answer at http:\/\/127\.0\.0\.1:\d+\/; is it installed and running\? \(http:\/\/127\.0\.0\.1:\d+\/VHC\/VHChisGetBasicData cannot be reached \(ECONNREFUSED\)\)$/,
    );
    expect(await failure(driver.submitQr('vhc-0', ' '))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await failure(driver.status('vhc-1'))).toMatchObject({ code: 'NO_READER' });
  });
});
