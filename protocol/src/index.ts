/**
 * @packageDocumentation The nhicard wire protocol: messages, validation and codecs (`wire`),
 * card-section decoders and encoders (`card`), and the error codes and native error catalog
 * (`errors`). Pure and browser-safe; `sideEffects: false`, so a bundle keeps only what it uses.
 */

export * from './card/index.js';
export * from './errors/index.js';
export * from './nats/index.js';
export * from './wire/index.js';
