import { DriverError } from '../driver-error.js';
import { LocalHttpError } from '../local-http/json-request.js';

// The CS 6.0 driver's one module of failures: a console that does not answer or answers
// outside its contract, and what the console cannot give nhicard. A virtual card the console
// refuses carries a VHC result code and goes through `vhcCodeError`.

/**
 * A call that got no usable reply: `READER_ERROR` naming the console's origin (never the body:
 * a virtual card's token travels in one). Anything else, the caller's abort included, passes
 * through; the reader queue maps aborts.
 */
export function cs6TransportError(error: unknown, origin: string): unknown {
  if (!(error instanceof LocalHttpError)) return error;
  return new DriverError(
    'READER_ERROR',
    `The CS 6.0 console at ${origin} does not answer; is it running? (${error.message})`,
    { cause: error },
  );
}

/** `READER_ERROR`: a reply outside 2xx, or a body the driver cannot read (`what` says which). */
export function cs6ReplyError(path: string, what: string): DriverError {
  return new DriverError('READER_ERROR', `The CS 6.0 console answered ${path} with ${what}.`);
}

/** `READER_ERROR`: the console would not initialise. */
export function cs6InitialiseError(statusCode: unknown): DriverError {
  return new DriverError(
    'READER_ERROR',
    `The CS 6.0 console refused to initialise (statusCode ${String(statusCode)}).`,
  );
}

/** `UNSUPPORTED`: card data the console gives only from the NHI cloud. */
export function cs6CloudOnlyError(section: string, virtual: boolean): DriverError {
  return new DriverError(
    'UNSUPPORTED',
    virtual
      ? `The CS 6.0 console gives a virtual card's basic data only; ${section} comes from the NHI cloud, which nhicard does not call.`
      : `The CS 6.0 console gives ${section} data only from the NHI cloud (VPN and a SAM signature), which nhicard does not call; use the cshis driver to read the card.`,
  );
}

/** `UNSUPPORTED`: a QR code sent to the card slot; `virtualReaderId` names the one that takes it. */
export function cs6NoQrError(readerId: string, virtualReaderId: string | null): DriverError {
  return new DriverError(
    'UNSUPPORTED',
    virtualReaderId === null
      ? `Reader ${readerId} is the console's card slot, and the console's virtual-card slot is off.`
      : `Reader ${readerId} is the console's card slot; QR codes go to ${virtualReaderId}.`,
  );
}

/**
 * `CARD_ERROR`: the virtual card's basic data has a field outside its format. Names the field
 * and the rule, never the value: it is personal data.
 */
export function cs6VirtualFieldError(field: string, says: string): DriverError {
  return new DriverError(
    'CARD_ERROR',
    `The CS 6.0 console's virtual-card basic data has a ${field} that is not ${says}.`,
  );
}

/** `CARD_ERROR`: the virtual-card reply is not a JSON object. */
export function cs6VirtualReplyError(): DriverError {
  return new DriverError('CARD_ERROR', "The CS 6.0 console's virtual-card reply is not an object.");
}
