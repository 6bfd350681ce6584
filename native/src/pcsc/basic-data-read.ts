import { DriverError } from '../driver-error.js';
import { abortableWait } from '../simulator/abortable-wait.js';
import {
  BASIC_DATA_RESPONSE_BYTES,
  formatSw,
  getResponse,
  isResponseWaiting,
  isWrongLength,
  READ_BASIC_DATA,
  type ResponseApdu,
  SELECT_NHI_APPLET,
  SW,
  splitResponse,
  withLe,
} from './nhi-apdu.js';
import type { PcscApi, ScardHandle } from './pcsc-api.js';
import {
  SCARD_LEAVE_CARD,
  SCARD_PROTOCOL_T0,
  SCARD_PROTOCOL_T1,
  SCARD_SHARE_SHARED,
} from './pcsc-constants.js';
import {
  basicDataLengthError,
  noStatusWordError,
  notAnNhiCardError,
  pcscError,
} from './pcsc-error.js';
import { SCARD } from './scard-codes.js';

/** What one basic-data read needs. */
export interface BasicDataReadOptions {
  /** The PC/SC calls. */
  api: PcscApi;
  /** The reader's PC/SC name. */
  readerName: string;
  /** Attempts when another program holds or resets the card (at least 1). */
  maxAttempts: number;
  /** Wait between two attempts. */
  retryDelayMs: number;
  /**
   * Stops the read between two PC/SC calls and during the wait between attempts (a call in
   * flight cannot be interrupted; it is left to finish and then cleaned up).
   */
  signal: AbortSignal;
}

/** Results worth another attempt: another program holds the card, or reset it under us. */
const RETRIED_CODES: ReadonlySet<number> = new Set([SCARD.E_SHARING_VIOLATION, SCARD.W_RESET_CARD]);

function isRetried(error: unknown): boolean {
  return (
    error instanceof DriverError &&
    error.native?.source === 'pcsc' &&
    RETRIED_CODES.has(error.native.code)
  );
}

/**
 * Reads the 57 bytes of the basic data from the NHI card in `readerName`: a context of its own,
 * connect shared (T=0 or T=1), begin a transaction, SELECT the NHI applet, READ (following
 * `61 xx` with GET RESPONSE), end the transaction and disconnect leaving the card as it is.
 * Sharing violations and reset cards are retried up to `maxAttempts` times.
 *
 * The SELECT's status word is not judged (cards issued from late 2025 answer `6D 00` and
 * still read): the READ decides. A READ answered with anything but `90 00` means the card is
 * not an NHI card.
 *
 * @throws DriverError `NOT_AN_NHI_CARD`, `CARD_ERROR`, or a PC/SC failure from `pcscError`.
 */
export async function readBasicData(options: BasicDataReadOptions): Promise<Uint8Array> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await readOnce(options);
    } catch (error) {
      if (!isRetried(error) || attempt >= options.maxAttempts) throw error;
      await abortableWait(options.retryDelayMs, [options.signal]);
    }
  }
}

async function ignoringFailure(cleanup: () => Promise<number>): Promise<void> {
  try {
    await cleanup();
  } catch {
    // Cleanup after a failure must not hide the failure.
  }
}

async function readOnce(options: BasicDataReadOptions): Promise<Uint8Array> {
  const { api, readerName, signal } = options;
  signal.throwIfAborted();
  const established = await api.establishContext();
  if (established.code !== SCARD.SUCCESS) {
    throw pcscError(established.code, 'establish a PC/SC context');
  }
  const context = established.context;
  try {
    signal.throwIfAborted();
    const connected = await api.connect(
      context,
      readerName,
      SCARD_SHARE_SHARED,
      SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1,
    );
    if (connected.code !== SCARD.SUCCESS) {
      throw pcscError(connected.code, `connect to ${readerName}`);
    }
    const { card, protocol } = connected;
    try {
      signal.throwIfAborted();
      const begun = await api.beginTransaction(card);
      if (begun !== SCARD.SUCCESS) {
        throw pcscError(begun, `begin a transaction on ${readerName}`);
      }
      try {
        return await selectAndRead({ ...options, card, protocol });
      } finally {
        await ignoringFailure(() => api.endTransaction(card, SCARD_LEAVE_CARD));
      }
    } finally {
      await ignoringFailure(() => api.disconnect(card, SCARD_LEAVE_CARD));
    }
  } finally {
    await ignoringFailure(() => api.releaseContext(context));
  }
}

interface CardChannel extends BasicDataReadOptions {
  card: ScardHandle;
  protocol: number;
}

async function exchange(
  channel: CardChannel,
  command: Uint8Array,
  what: string,
): Promise<ResponseApdu> {
  channel.signal.throwIfAborted();
  const { code, response } = await channel.api.transmit(channel.card, channel.protocol, command);
  if (code !== SCARD.SUCCESS) throw pcscError(code, `send ${what} to ${channel.readerName}`);
  const split = splitResponse(response);
  if (split === null) {
    throw noStatusWordError(what, channel.readerName, response.length);
  }
  return split;
}

/** Sends `command`; a case 2 command (header + Le) answered `6C xx` is sent again with Le xx. */
async function exchangeWithLe(
  channel: CardChannel,
  command: Uint8Array,
  what: string,
): Promise<ResponseApdu> {
  const answer = await exchange(channel, command, what);
  if (!isWrongLength(answer.sw) || command.length !== 5) return answer;
  return exchange(channel, withLe(command, answer.sw & 0xff), what);
}

/** Sends `command` and collects a `61 xx` chain with GET RESPONSE. */
async function exchangeFully(
  channel: CardChannel,
  command: Uint8Array,
  what: string,
): Promise<ResponseApdu> {
  let answer = await exchangeWithLe(channel, command, what);
  const chunks = [answer.data];
  // A card keeps answering 61 xx while more bytes wait; 8 rounds is far beyond 57 bytes.
  for (let round = 0; round < 8 && isResponseWaiting(answer.sw); round += 1) {
    answer = await exchangeWithLe(channel, getResponse(answer.sw & 0xff), 'GET RESPONSE');
    chunks.push(answer.data);
  }
  const data = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    data.set(chunk, offset);
    offset += chunk.length;
  }
  return { data, sw: answer.sw };
}

async function selectAndRead(channel: CardChannel): Promise<Uint8Array> {
  const selected = await exchange(channel, SELECT_NHI_APPLET, 'SELECT');
  const read = await exchangeFully(channel, READ_BASIC_DATA, 'READ');
  if (read.sw !== SW.OK) {
    throw notAnNhiCardError(
      channel.readerName,
      `it answered the basic-data READ with ${formatSw(read.sw)} (SELECT: ${formatSw(selected.sw)})`,
    );
  }
  if (read.data.length !== BASIC_DATA_RESPONSE_BYTES) {
    throw basicDataLengthError(channel.readerName, read.data.length, BASIC_DATA_RESPONSE_BYTES);
  }
  return Uint8Array.from(read.data);
}
