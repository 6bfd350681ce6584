// The HIS registration example in Debian's Chromium, against a broker serving a simulated
// reader and the virtual NHI card (SDK stand-in) side by side: a QR code typed into the QR
// field (as a scanner does, ending with Enter) shows card.inserted for vhc-0 and fills the
// form from the decoded basic data; an expired (1018) and a reused (1020) code show the SDK's
// zh-TW messages; the page never receives the QR code back.
import { describe } from 'vitest';
import { requireChromium } from '../examples/examples-stack.js';
import { testHisQrPath } from '../examples/his-qr-scenario.js';
import { startVhcBroker } from './vhc-broker-stack.js';
import { startVhcStandIn } from './vhc-sdk-stand-in.js';

const chromiumFound = requireChromium();

describe.skipIf(!chromiumFound)('the HIS example with the virtual NHI card in Chromium', () => {
  testHisQrPath(
    'takes a scanned QR code, shows card.inserted for vhc-0 and fills the form; 1018 and 1020 in zh-TW',
    async (sdkDirectory) => {
      const sdk = await startVhcStandIn();
      const broker = await startVhcBroker({ sdk, examples: { sdkDirectory } });
      return {
        examplesUrl: broker.server.examplesUrl,
        issueQr: (card) => sdk.issueQr(card),
        expireQr: (qr) => sdk.expireQr(qr),
        close: async () => {
          await broker.server.close('test finished');
          await sdk.close();
        },
      };
    },
    {
      reader: 'vhc-0',
      // No card went into the simulated reader next to it.
      otherReaders: /sim-0$/,
      insurance: { 'insurance-status': '一般', 'card-expiry': '2030-06-30' },
      refusal: 'The virtual-card SDK refused the QR code',
      screenshot: 'examples-his-registration-vhc',
    },
  );
});
