// The HIS registration example in Debian's Chromium, against a broker serving a simulated
// reader and the CS 6.0 console (stand-in) side by side: a QR code typed into the QR field
// goes to the console's virtual-card reader cs6-vhc-0 (VirtualHc/ReadBasic), card.inserted
// shows for it and the form fills from the decoded basic data (the console gives no insurance
// data, so those fields stay empty); an expired (1018) and a reused (1020) code show their
// zh-TW messages; the page never receives the QR code back.
import { createCompositeDriver, createCs6Driver, createSimulatorDriver } from '@nhicard/native';
import { describe } from 'vitest';
import { startServer } from '../../server/src/server.js';
import { requireChromium } from '../examples/examples-stack.js';
import { testHisQrPath } from '../examples/his-qr-scenario.js';
import { startCs6StandIn } from './cs6-console-stand-in.js';

const chromiumFound = requireChromium();

describe.skipIf(!chromiumFound)(
  "the HIS example with the console's virtual card in Chromium",
  () => {
    testHisQrPath(
      'takes a scanned QR code, shows card.inserted for cs6-vhc-0 and fills the form; 1018 and 1020 in zh-TW',
      async (sdkDirectory) => {
        const console6 = await startCs6StandIn();
        const sim = createSimulatorDriver({ readLatencyMs: 0, samAuthDelayMs: 0 });
        const server = await startServer({
          port: 0,
          driver: createCompositeDriver([sim, createCs6Driver({ url: console6.url })]),
          broker: { pollIntervalMs: 20 },
          examples: { sdkDirectory },
        });
        return {
          examplesUrl: server.examplesUrl,
          issueQr: (card) => console6.virtualCards.issueQr(card),
          expireQr: (qr) => console6.virtualCards.expireQr(qr),
          close: async () => {
            await server.close('test finished');
            await console6.stop();
          },
        };
      },
      {
        reader: 'cs6-vhc-0',
        // Neither the simulated reader nor the console's card slot saw a card.
        otherReaders: /(sim-0|cs6-0)$/,
        insurance: { 'insurance-status': '', 'card-expiry': '' },
        refusal: 'The CS 6.0 console refused the virtual card',
        screenshot: 'examples-his-registration-cs6-vhc',
      },
    );
  },
);
