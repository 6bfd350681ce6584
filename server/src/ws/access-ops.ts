import {
  type AccessEntry,
  MAX_ACCESS_ENTRIES,
  type Op,
  type OpResult,
  type Scope,
} from '@nhicard/protocol';
import { type ConsentEntry, ConsentFileError, type ConsentStore } from '../access/consent-store.js';
import { BrokerError } from '../core/broker-error.js';
import type { OpContext, OpHandler } from './op-handlers.js';

/**
 * The access file as the `access.*` ops reach it: the store, and what to do after a change (end
 * the sessions of a page whose approval was revoked at once, not on the file watcher's time).
 */
export interface ConsentAdmin {
  store: ConsentStore;
  /** A person decided about `origin` (approved with `scopes`, or denied with none). */
  changed(origin: string, scopes: readonly Scope[]): void;
}

type AccessOp = Extract<Op, `access.${string}`>;

function adminOf(context: OpContext): ConsentAdmin {
  if (context.consent === null) {
    throw new BrokerError(
      'UNSUPPORTED',
      'This broker keeps no access file, so no page can ask for access or be approved.',
    );
  }
  return context.consent;
}

/** Runs `change` on the store; a file the broker cannot trust or read is refused, not thrown. */
function withStore<T>(context: OpContext, change: (store: ConsentStore) => T): T {
  const admin = adminOf(context);
  try {
    return change(admin.store);
  } catch (error) {
    if (error instanceof ConsentFileError) throw new BrokerError('BAD_REQUEST', error.message);
    if (error instanceof SyntaxError) {
      throw new BrokerError(
        'UNSUPPORTED',
        `The access file ${admin.store.path} is not valid JSON; fix or remove it.`,
      );
    }
    throw error;
  }
}

function entryOf(origin: string, entry: ConsentEntry): AccessEntry {
  const time = entry.status === 'pending' ? entry.requestedAt : entry.decidedAt;
  const listed: AccessEntry = {
    origin,
    status: entry.status,
    scopes:
      entry.status === 'pending'
        ? [...entry.requested]
        : entry.status === 'approved'
          ? [...entry.scopes]
          : [],
  };
  // An entry written by hand may lack its time; the list then leaves it out.
  if (time !== '' && !Number.isNaN(Date.parse(time))) listed.since = time;
  return listed;
}

/**
 * The `access.*` ops (scope `admin`): what a person at the demo page sees and decides about
 * page origins, through the same access file as `nhicard access`.
 */
export const ACCESS_OP_HANDLERS: { [O in AccessOp]: OpHandler<O> } = {
  'access.list': (_params, context): OpResult['access.list'] =>
    withStore(context, (store) => ({
      origins: store
        .list()
        .slice(0, MAX_ACCESS_ENTRIES)
        .map(([origin, entry]) => entryOf(origin, entry)),
    })),
  'access.approve': ({ origin, scopes }, context) => {
    const granted = withStore(context, (store) => store.approve(origin, scopes));
    adminOf(context).changed(origin, granted);
    return { origin, scopes: granted };
  },
  'access.deny': ({ origin }, context) => {
    withStore(context, (store) => store.deny(origin));
    adminOf(context).changed(origin, []);
    return { origin };
  },
};
