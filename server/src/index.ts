/** @packageDocumentation The nhicard broker. Lands with issue 6. */
export {};
