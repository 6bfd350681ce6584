import type { SectionId } from '@nhicard/protocol';
import type { CardStatus, ReaderDescriptor } from '../card-driver.js';
import { DriverError } from '../driver-error.js';
import { ReaderQueue } from '../reader-queue.js';
import { QrPresentation } from '../vhc/qr-presentation.js';
import { vhcCodeError } from '../vhc/vhc-error.js';
import { VHC_SUCCESS_CODES, vhcResultCode } from '../vhc/vhc-reply.js';
import type { Cs6ConsoleCall } from './cs6-console-call.js';
import { cs6CloudOnlyError, cs6ReplyError } from './cs6-errors.js';
import { virtualBasicBytes } from './cs6-virtual-basic.js';

/** The console's virtual-card call: `{token}` in, the card's basic data out. */
const CS6_READ_BASIC_PATH = '/api/hc/v1/VirtualHc/ReadBasic';
const READABLE: readonly SectionId[] = ['basic'];

/**
 * The console's virtual-card slot: a QR code (the token) scanned at the desk is handed to
 * `VirtualHc/ReadBasic` once; an answer with the card's data is an insertion, kept for
 * `qrValidityMs`. The data is read at that one call and held, not read again: the token is
 * good for one use, and the broker reads a card more than once (at insertion, then on
 * request). The token itself is not kept.
 */
export class Cs6VirtualSlot {
  readonly descriptor: ReaderDescriptor;
  /** The card's basic data in the csHIS layout, held only while the card is presented. */
  private readonly presentation: QrPresentation<Uint8Array>;
  /** The slot's one serialisation point: QR codes go to the console one at a time. */
  private readonly queue = new ReaderQueue();

  constructor(
    readerId: string,
    qrValidityMs: number,
    private readonly call: Cs6ConsoleCall,
    onChange: (status: CardStatus) => void,
  ) {
    this.presentation = new QrPresentation(qrValidityMs, onChange);
    this.descriptor = {
      id: readerId,
      name: 'Virtual NHI card via the CS 6.0 console (虛擬健保卡)',
      // A virtual-card reader: it takes QR codes (`vhc.submitQr`), whichever service serves it.
      driver: 'vhc',
      sections: READABLE,
    };
  }

  status(): CardStatus {
    return this.presentation.status();
  }

  /**
   * Hands the QR code to the console. On success the card is presented (a new insertion,
   * replacing any card shown before); on a refusal nothing changes and the error carries the
   * VHC catalog's entry. Neither the code nor the card's data goes into any message.
   * `signal` is the request's deadline, the call's only one.
   */
  async submit(qr: string, signal: AbortSignal | undefined): Promise<void> {
    if (typeof qr !== 'string' || qr.trim() === '') {
      throw DriverError.emptyQr();
    }
    const token = qr.trim();
    const reply = await this.queue.run('Handing the QR code to the CS 6.0 console', signal, () =>
      this.call('POST', CS6_READ_BASIC_PATH, { token }, signal),
    );
    const code = vhcResultCode(reply);
    if (code === null) throw cs6ReplyError(CS6_READ_BASIC_PATH, 'no status code');
    if (!VHC_SUCCESS_CODES.has(code)) {
      throw vhcCodeError(code, 'The CS 6.0 console refused the virtual card');
    }
    this.presentation.present(virtualBasicBytes(reply));
  }

  read(section: SectionId): Uint8Array {
    if (section !== 'basic') throw cs6CloudOnlyError(section, true);
    const presented = this.presentation.current;
    if (presented === null) throw vhcCodeError(4013, `Reading ${section}`);
    return presented.data.slice();
  }

  /** Forgets the card and its data (the driver is closing). */
  clear(): void {
    this.presentation.clear();
  }
}
