/**
 * The closed value sets shared by the wire, the drivers and the broker. Each is fixed for
 * protocol 1 (see PROTOCOL.md, "Versioning"): a new value needs a new subprotocol.
 */

/**
 * What a reader reports about its slot: `no-card`; `not-ready` (a card is in but still
 * settling or being reset); `ready` (an NHI card that answered); `not-nhi-card` (a card that
 * is not an NHI health card); `reader-error` (the reader or its driver failed).
 */
export const CARD_PRESENCE = [
  'no-card',
  'not-ready',
  'ready',
  'not-nhi-card',
  'reader-error',
] as const;

/** One of {@link CARD_PRESENCE}. */
export type CardPresence = (typeof CARD_PRESENCE)[number];

/**
 * What a connection may see and do: `presence` (reader and card presence, masked name only;
 * every connection holds it), `read` (decoded card data and `card.read`), `admin`
 * (simulator control and diagnostics).
 */
export const SCOPES = ['presence', 'read', 'admin'] as const;

/** One of {@link SCOPES}. */
export type Scope = (typeof SCOPES)[number];

/**
 * Where a native error code comes from: csHIS.dll (`cshis`), the virtual health card SDK
 * (`vhc`, `vhc-offline`), the platform PC/SC library (`pcsc`), or the built-in simulator.
 */
export const NATIVE_SOURCES = ['cshis', 'vhc', 'vhc-offline', 'pcsc', 'simulator'] as const;

/** One of {@link NATIVE_SOURCES}. */
export type NativeSource = (typeof NATIVE_SOURCES)[number];

/**
 * The card drivers a broker can run: the simulator, plain PC/SC, csHIS.dll, the virtual NHI
 * card SDK (`vhc`) or the CS 6.0 reader console (`cs6`).
 */
export const DRIVER_NAMES = ['simulator', 'pcsc', 'cshis', 'vhc', 'cs6'] as const;

/** One of {@link DRIVER_NAMES}. */
export type DriverName = (typeof DRIVER_NAMES)[number];

/** Whether `value` is one of the strings in `set`. */
export function isOneOf<const T extends string>(set: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (set as readonly string[]).includes(value);
}
