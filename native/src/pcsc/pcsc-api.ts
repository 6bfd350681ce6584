/**
 * An `SCARDCONTEXT` or `SCARDHANDLE` as the library returned it: opaque, passed back as is.
 * koffi gives a number when the value fits a double exactly, a bigint otherwise.
 */
export type ScardHandle = number | bigint;

/** One reader of an `SCardGetStatusChange` call: what the caller knows about it. */
export interface ReaderStateQuery {
  /** The reader's name, or the PnP pseudo-reader `\\?PnP?\Notification`. */
  reader: string;
  /** The last `dwEventState` seen, fed back whole (with the event counter), or 0 (unaware). */
  currentState: number;
}

/** One reader's answer from `SCardGetStatusChange`. */
export interface ReaderStateResult {
  /** The reader's name. */
  reader: string;
  /** `dwEventState`: `SCARD_STATE` bits, event counter in the upper 16 bits. */
  eventState: number;
  /** The card's ATR (empty without a card). */
  atr: Uint8Array;
}

/**
 * The PC/SC calls the driver makes, as promises with every result normalised to an unsigned
 * 32-bit code (0 = `SCARD_S_SUCCESS`). Every call that can wait on the service or a card runs
 * on a worker thread, so the event loop never blocks, even when the card is emulated in the
 * same process. Only `cancel` is synchronous: it must act while a `getStatusChange` waits.
 *
 * pcsc-lite serialises the calls on one context (a waiting `SCardGetStatusChange` holds it),
 * so the driver gives the watcher its own context and every read another one.
 */
export interface PcscApi {
  /** `SCardEstablishContext(SCARD_SCOPE_SYSTEM)`. */
  establishContext(): Promise<{ code: number; context: ScardHandle }>;
  /** `SCardReleaseContext`. */
  releaseContext(context: ScardHandle): Promise<number>;
  /** `SCardListReaders`; `SCARD_E_NO_READERS_AVAILABLE` comes with an empty list. */
  listReaders(context: ScardHandle): Promise<{ code: number; readers: string[] }>;
  /**
   * `SCardGetStatusChange`: waits until a reader's state differs from `currentState`, the
   * timeout passes (`SCARD_E_TIMEOUT`) or `cancel` is called (`SCARD_E_CANCELLED`).
   */
  getStatusChange(
    context: ScardHandle,
    timeoutMs: number,
    queries: readonly ReaderStateQuery[],
  ): Promise<{ code: number; states: ReaderStateResult[] }>;
  /** `SCardCancel`: ends a `getStatusChange` waiting on `context`. */
  cancel(context: ScardHandle): number;
  /** `SCardConnect(reader, shareMode, preferredProtocols)`. */
  connect(
    context: ScardHandle,
    reader: string,
    shareMode: number,
    preferredProtocols: number,
  ): Promise<{ code: number; card: ScardHandle; protocol: number }>;
  /** `SCardBeginTransaction`. */
  beginTransaction(card: ScardHandle): Promise<number>;
  /** `SCardEndTransaction(disposition)`. */
  endTransaction(card: ScardHandle, disposition: number): Promise<number>;
  /** `SCardTransmit` with the protocol control information of `protocol` (T=0 or T=1). */
  transmit(
    card: ScardHandle,
    protocol: number,
    command: Uint8Array,
  ): Promise<{ code: number; response: Uint8Array }>;
  /** `SCardDisconnect(disposition)`. */
  disconnect(card: ScardHandle, disposition: number): Promise<number>;
}
