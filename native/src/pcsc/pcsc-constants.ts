/**
 * PC/SC constants the driver passes to or reads from the library. They have the same values in
 * pcsc-lite, Windows and macOS.
 */

/** `dwScope` of `SCardEstablishContext`: the system-wide service. */
export const SCARD_SCOPE_SYSTEM = 2;

/** `dwShareMode`: share the card with other programs (never take it exclusively). */
export const SCARD_SHARE_SHARED = 2;

/** `dwPreferredProtocols` / the active protocol: T=0 and T=1. */
export const SCARD_PROTOCOL_T0 = 0x1;
/** See {@link SCARD_PROTOCOL_T0}. */
export const SCARD_PROTOCOL_T1 = 0x2;

/** `dwDisposition`: leave the card as it is (another program may be using it). */
export const SCARD_LEAVE_CARD = 0;

/** `SCardGetStatusChange` timeout meaning "until something changes or `SCardCancel`". */
export const SCARD_INFINITE = 0xffff_ffff;

/**
 * The pseudo-reader whose state changes when a reader is plugged in or out
 * (`\\?PnP?\Notification`).
 */
export const PNP_NOTIFICATION_READER = '\\\\?PnP?\\Notification';

/** Bits of `dwCurrentState` / `dwEventState` (lower 16 bits; the upper 16 count events). */
export const SCARD_STATE = {
  /** The caller knows nothing: answer with the current state at once. */
  UNAWARE: 0x0,
  /** Ignore this reader. */
  IGNORE: 0x1,
  /** The state differs from `dwCurrentState`. */
  CHANGED: 0x2,
  /** The reader is not known (it went away). */
  UNKNOWN: 0x4,
  /** The reader exists but cannot be used. */
  UNAVAILABLE: 0x8,
  /** No card in the reader. */
  EMPTY: 0x10,
  /** A card is in the reader. */
  PRESENT: 0x20,
  /** The card's ATR matches one of the given ATRs. */
  ATRMATCH: 0x40,
  /** A program holds the card exclusively. */
  EXCLUSIVE: 0x80,
  /** A program is using the card (shared). */
  INUSE: 0x100,
  /** The card does not answer reset (no ATR). */
  MUTE: 0x200,
  /** The card is not powered. */
  UNPOWERED: 0x400,
} as const;

/** The event counter in the upper 16 bits of `dwEventState`. */
export function eventCounterOf(eventState: number): number {
  return (eventState >>> 16) & 0xffff;
}
