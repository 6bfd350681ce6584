import type { CardDriver } from '@nhicard/native';
import { toBrokerError } from '../core/broker-error.js';
import type { ServerMetrics } from './server-metrics.js';

/**
 * The driver as the broker sees it, with every section read timed and counted: the reads that
 * reach the device after the cache and coalescing, which is what an installer wants to watch.
 * Everything else is passed through unchanged.
 */
export function instrumentDriver(driver: CardDriver, metrics: ServerMetrics): CardDriver {
  const instrumented: CardDriver = {
    kind: driver.kind,
    capabilities: driver.capabilities,
    listReaders: () => driver.listReaders(),
    status: (readerId, options) => driver.status(readerId, options),
    async read(readerId, section, options) {
      const startedMs = performance.now();
      const elapsedSeconds = (): number => (performance.now() - startedMs) / 1000;
      try {
        const bytes = await driver.read(readerId, section, options);
        metrics.cardRead(section, 'ok', elapsedSeconds());
        return bytes;
      } catch (error) {
        metrics.cardRead(section, toBrokerError(error).code, elapsedSeconds());
        throw error;
      }
    },
    close: () => driver.close(),
  };
  const watch = driver.watch;
  if (watch !== undefined) instrumented.watch = (listener) => watch.call(driver, listener);
  const submitQr = driver.submitQr;
  if (submitQr !== undefined) {
    instrumented.submitQr = (readerId, qr, options) => submitQr.call(driver, readerId, qr, options);
  }
  return instrumented;
}
