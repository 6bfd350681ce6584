import type { Op, RequestId, RequestMessage } from '@nhicard/protocol';
import type { Logger } from 'pino';
import type { BrokerError } from '../core/broker-error.js';

/**
 * Logs a refused or failed request: reader and section ids only, since params may name a card
 * file and card data is never logged. An `INTERNAL` error is a bug, logged as an error with its
 * message (the only clue, and it comes from our code); the rest are debug lines.
 */
export function logRequestFailure(
  log: Logger,
  id: RequestId | null,
  op: Op | 'invalid',
  error: BrokerError,
  request: RequestMessage | undefined,
): void {
  const fields: Record<string, unknown> = { id, op, code: error.code };
  if (request !== undefined && 'reader' in request.params) fields.reader = request.params.reader;
  if (request?.op === 'card.read') fields.sections = request.params.sections;
  if (error.native !== undefined) fields.nativeCode = error.native.code;
  if (error.code === 'INTERNAL') {
    log.error({ ...fields, detail: error.message }, 'request failed');
  } else {
    log.debug(fields, 'request refused');
  }
}
