import { createRequire } from 'node:module';
import type koffiModule from 'koffi';

/** The koffi module (the FFI the PC/SC bindings are written with). */
export type Koffi = typeof koffiModule;

const requireFromHere = createRequire(import.meta.url);
let loaded: Koffi | undefined;

/**
 * Loads koffi on first use. It is required lazily, not imported, so that importing
 * `@nhicard/native` (e.g. for the simulator) never loads a native add-on: a platform without
 * koffi's prebuilt binary fails only when PC/SC is actually used, with a clear error.
 * Everything in the process that calls native code through koffi (the PC/SC bindings, the
 * tests' socket helper) goes through here, so one koffi instance owns all type definitions.
 *
 * @throws Error when koffi or its platform package is missing.
 */
export function loadKoffi(): Koffi {
  loaded ??= requireFromHere('koffi') as Koffi;
  return loaded;
}
