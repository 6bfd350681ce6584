import type { SectionId } from '@nhicard/protocol';
import { abortError } from '../abort-error.js';
import type {
  CardDriver,
  CardStatus,
  DriverEvent,
  ReaderDescriptor,
  ReadOptions,
} from '../card-driver.js';
import { DriverError } from '../driver-error.js';
import { DriverListeners } from '../driver-listeners.js';
import { requestJson } from '../local-http/json-request.js';
import { ReaderQueue } from '../reader-queue.js';
import { QrPresentation } from './qr-presentation.js';
import { vhcCodeError, vhcNoResultError, vhcSectionError, vhcTransportError } from './vhc-error.js';
import {
  type ResolvedVhcOptions,
  resolveVhcOptions,
  type VhcDriverOptions,
} from './vhc-options.js';
import { pBufferBytes, VHC_SUCCESS_CODES, vhcResultCode } from './vhc-reply.js';

/** The SDK call behind each section nhicard reads from a virtual card (csHIS layouts). */
const SECTION_CALLS: Partial<Record<SectionId, string>> = {
  basic: 'VHC/VHChisGetBasicData',
  insurance: 'VHC/VHChisGetRegisterBasic',
};
const READABLE = Object.keys(SECTION_CALLS) as SectionId[];
const UPLOAD_CALL = 'QRCodeReader/uploadqrcode';

/** The virtual NHI card driver: one virtual reader that a scanned QR code "inserts" a card into. */
export interface VhcDriver extends CardDriver {
  readonly kind: 'vhc';
  submitQr(readerId: string, qr: string, options?: ReadOptions): Promise<void>;
  /** Pushes each insertion and removal as a `status` event (the broker also polls). */
  watch(listener: (event: DriverEvent) => void): () => void;
}

/**
 * Creates the driver for the virtual NHI card SDK (虛擬健保卡, a local HTTP service). A QR code
 * accepted by the SDK is an insertion on the virtual reader; its validity running out, or the
 * SDK answering that no virtual card is present or the QR code lapsed, is a removal. Reads go
 * through the SDK's csHIS-style calls and come back as the csHIS byte layouts, so the
 * protocol's decoders read them unchanged. Nothing here writes to the card: the SDK's
 * visit-number and write calls are never made.
 * @throws RangeError for invalid options.
 */
export function createVhcDriver(options: VhcDriverOptions = {}): VhcDriver {
  const resolved = resolveVhcOptions(options);
  return new VhcDriverImpl(resolved);
}

class VhcDriverImpl implements VhcDriver {
  readonly kind = 'vhc' as const;
  readonly capabilities = { sections: READABLE, events: true };
  private readonly reader: ReaderDescriptor;
  private readonly listeners = new DriverListeners();
  private readonly presentation: QrPresentation<null>;
  /** The virtual reader's one serialisation point: uploads and reads go to the SDK in turn. */
  private readonly queue = new ReaderQueue();
  private closed = false;

  constructor(private readonly options: ResolvedVhcOptions) {
    this.reader = {
      id: options.readerId,
      name: 'Virtual NHI card (虛擬健保卡)',
      driver: 'vhc',
      sections: READABLE,
    };
    this.presentation = new QrPresentation(options.qrValidityMs, (status) =>
      this.listeners.emit({ type: 'status', readerId: this.reader.id, status }),
    );
  }

  async listReaders(): Promise<ReaderDescriptor[]> {
    this.assertOpen();
    return [{ ...this.reader }];
  }

  async status(readerId: string): Promise<CardStatus> {
    this.assertReader(readerId);
    return this.presentation.status();
  }

  async submitQr(readerId: string, qr: string, readOptions: ReadOptions = {}): Promise<void> {
    this.assertReader(readerId);
    if (typeof qr !== 'string' || qr.trim() === '') {
      throw DriverError.emptyQr();
    }
    const code = await this.queue.run('Uploading the QR code', readOptions.signal, () =>
      this.call(UPLOAD_CALL, { QRCodeString: qr }, readOptions.signal),
    );
    this.assertOpen();
    if (!VHC_SUCCESS_CODES.has(code.resultCode)) {
      throw vhcCodeError(code.resultCode, 'The virtual-card SDK refused the QR code');
    }
    this.presentation.present(null);
  }

  async read(
    readerId: string,
    section: SectionId,
    readOptions: ReadOptions = {},
  ): Promise<Uint8Array> {
    this.assertReader(readerId);
    const path = SECTION_CALLS[section];
    if (path === undefined) {
      throw vhcSectionError(section, READABLE);
    }
    const presented = this.presentation.current;
    if (presented === null) throw vhcCodeError(4013, `Reading ${section}`);
    const reply = await this.queue.run(`Reading ${section}`, readOptions.signal, () =>
      this.call(path, {}, readOptions.signal),
    );
    if (!VHC_SUCCESS_CODES.has(reply.resultCode)) {
      const error = vhcCodeError(reply.resultCode, `Reading ${section} from the virtual card`);
      // "No virtual card" and the lapsed-QR codes mean the card is no longer presented.
      if (error.code === 'NO_CARD') this.presentation.withdraw(presented.insertionId);
      throw error;
    }
    return pBufferBytes(reply.body, section);
  }

  watch(listener: (event: DriverEvent) => void): () => void {
    return this.listeners.add(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.presentation.clear();
    this.listeners.clear();
  }

  /** One SDK call; its only time limit is the caller's `signal` (the request's deadline). */
  private async call(
    path: string,
    body: Record<string, string>,
    signal: AbortSignal | undefined,
  ): Promise<{ resultCode: number; body: unknown }> {
    let reply: Awaited<ReturnType<typeof requestJson>>;
    try {
      reply = await requestJson({
        url: new URL(path, this.options.url),
        method: 'POST',
        body,
        signal,
      });
    } catch (error) {
      if (signal?.aborted) throw abortError(signal.reason, `The virtual-card SDK call ${path}`);
      throw vhcTransportError(error, this.options.url);
    }
    const resultCode = vhcResultCode(reply.body);
    if (resultCode === null) {
      throw vhcNoResultError(path, reply.status);
    }
    return { resultCode, body: reply.body };
  }

  private assertOpen(): void {
    if (this.closed) throw DriverError.closed('virtual-card');
  }

  private assertReader(readerId: string): void {
    this.assertOpen();
    if (readerId !== this.reader.id) throw DriverError.unknownReader('virtual-card', readerId);
  }
}
