/** @packageDocumentation The nhicard client SDK. Lands with issue 7. */
export {};
