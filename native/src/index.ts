/** @packageDocumentation Card drivers for nhicard. The driver interface and the simulator land with issue 5. */
export {};
