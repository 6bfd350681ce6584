// The HIS registration example in Debian's Chromium, against a broker serving a simulated
// reader and the virtual NHI card (SDK stand-in) side by side: a QR code typed into the QR
// field (as a scanner does, ending with Enter) shows card.inserted for vhc-0 and fills the
// form from the decoded basic data; an expired (1018) and a reused (1020) code show the SDK's
// zh-TW messages; the page never receives the QR code back.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { loadDemoCard, type VirtualCard } from '../../native/src/index.js';
import { buildSdkBundle, launchChromium, requireChromium } from '../examples/examples-stack.js';
import { checkHisQrPath } from '../examples/his-qr-scenario.js';
import { startVhcBroker, type VhcBroker } from './vhc-broker-stack.js';
import { startVhcStandIn, type VhcStandIn } from './vhc-sdk-stand-in.js';

const chromiumFound = requireChromium();

describe.skipIf(!chromiumFound)('the HIS example with the virtual NHI card in Chromium', () => {
  let browser: Browser;
  let sdk: VhcStandIn;
  let broker: VhcBroker;
  let adult: VirtualCard;

  beforeAll(async () => {
    adult = await loadDemoCard('adult');
    sdk = await startVhcStandIn();
    broker = await startVhcBroker({ sdk, examples: { sdkDirectory: await buildSdkBundle() } });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await broker?.server.close('test finished');
    await sdk?.close();
  });

  it('takes a scanned QR code, shows card.inserted for vhc-0 and fills the form; 1018 and 1020 in zh-TW', async () => {
    await checkHisQrPath(browser, {
      examplesUrl: broker.server.examplesUrl,
      reader: 'vhc-0',
      // No card went into the simulated reader next to it.
      otherReaders: /sim-0$/,
      insurance: { 'insurance-status': '一般', 'card-expiry': '2030-06-30' },
      refusal: 'The virtual-card SDK refused the QR code',
      screenshot: 'examples-his-registration-vhc',
      issueQr: () => sdk.issueQr(adult),
      expireQr: (qr) => sdk.expireQr(qr),
    });
  });
});
