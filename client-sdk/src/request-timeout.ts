import {
  DEFAULT_DEADLINES,
  type DeadlineTable,
  type Op,
  type OpParams,
  requestDeadlineMs,
} from '@nhicard/protocol';

/**
 * How long the client waits for a request: the broker's deadline for it, from the deadline
 * table the broker announced in `hello` (`DEFAULT_DEADLINES` before the first hello or from an
 * older broker), plus `graceMs`, so that the broker's own `TIMEOUT` answer, which says what
 * ran out of time, arrives first. A `card.read` of `insurance` thus waits for the PIN as long
 * as the broker does.
 */
export function clientTimeoutMs<O extends Op>(
  op: O,
  params: OpParams[O],
  table: DeadlineTable | undefined,
  graceMs: number,
): number {
  return requestDeadlineMs(op, params, table ?? DEFAULT_DEADLINES) + graceMs;
}
