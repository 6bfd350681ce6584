import type { CardDriver } from '@nhicard/native';
import { BrokerError } from './broker-error.js';
import type { ReaderSlot } from './reader-slot.js';

/**
 * The one virtual-card reader (driver `vhc`), for a `vhc.submitQr` that names none.
 * @throws BrokerError `UNSUPPORTED` when there is none, `BAD_REQUEST` when there are several.
 */
export function onlyVirtualCardSlot(slots: Iterable<ReaderSlot>): ReaderSlot {
  const candidates = [...slots].filter((slot) => slot.info.driver === 'vhc');
  const [only, ...others] = candidates;
  if (only !== undefined && others.length === 0) return only;
  if (only === undefined) {
    throw new BrokerError('UNSUPPORTED', 'No virtual-card reader is attached to take a QR code.');
  }
  const ids = candidates.map((slot) => slot.info.id).join(', ');
  throw new BrokerError('BAD_REQUEST', `Name the virtual-card reader in params.reader (${ids}).`);
}

/**
 * Hands a QR code to the driver of `slot` under the request's deadline `signal`. The driver
 * serialises it with that reader's polls and reads (its reader queue). The code goes into no
 * label, message or log.
 * @throws BrokerError `UNSUPPORTED` when the reader is not a virtual-card reader.
 */
export async function submitQrCode(
  slot: ReaderSlot,
  driver: CardDriver,
  qr: string,
  signal: AbortSignal,
): Promise<void> {
  const submit = driver.submitQr?.bind(driver);
  if (slot.info.driver !== 'vhc' || submit === undefined) {
    throw new BrokerError(
      'UNSUPPORTED',
      `Reader ${slot.info.id} (${slot.info.driver}) takes no QR code; a virtual-card reader (driver vhc) does.`,
    );
  }
  await submit(slot.info.id, qr, { signal });
}
