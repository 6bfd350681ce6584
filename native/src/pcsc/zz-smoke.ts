import { spawn } from 'node:child_process';
import { createPcscDriver } from './pcsc-driver.js';

const t0 = performance.now();
const d = createPcscDriver({ settleDelayMs: 100 });
d.watch?.((e) => console.log((performance.now() - t0).toFixed(0), JSON.stringify(e)));
console.log(await d.listReaders());
const card = spawn('node', ['/tmp/exp/card.mjs', '35963', 'ok'], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 1500));
console.log(await d.status('Virtual PCD 00 00'));
try {
  console.log(await d.read('Virtual PCD 00 00', 'basic'));
} catch (e) {
  console.log('read error', e);
}
card.kill();
await new Promise((r) => setTimeout(r, 1000));
console.log(await d.status('Virtual PCD 00 00'));
const tc = performance.now();
await d.close();
console.log('closed in', (performance.now() - tc).toFixed(1));
