import {
  copyOptionalField,
  expectDistinct,
  expectRecord,
  expectString,
  fail,
  type PlainRecord,
  readArray,
  readField,
  readOneOfField,
} from './field-reader.js';
import { readIsoTime } from './parse-shared.js';
import { SCOPES, type Scope } from './value-sets.js';

/** Where an origin stands in the broker's access file. */
const ACCESS_STATUSES = ['pending', 'approved', 'denied'] as const;

/** One of {@link ACCESS_STATUSES}. */
export type AccessStatus = (typeof ACCESS_STATUSES)[number];

/** One page origin in the broker's access file, as `access.list` reports it. */
export interface AccessEntry {
  /** The page's origin, e.g. `https://his.example.clinic`. */
  origin: string;
  /** Asked and waiting, approved, or denied (a revoked approval is denied). */
  status: AccessStatus;
  /** Pending: the scopes it asked for. Approved: the scopes granted. Denied: none. */
  scopes: Scope[];
  /** When it asked (pending) or was decided; left out when the file does not say. */
  since?: string;
}

/** Longest origin an `access.*` op takes (scheme, a 253-character host name and a port). */
const MAX_ORIGIN_LENGTH = 300;

/** Most entries `access.list` reports. */
export const MAX_ACCESS_ENTRIES = 1024;

/**
 * A page origin as a browser sends it: `http` or `https`, a lower-case host name or a
 * bracketed IPv6 address, an optional port, and nothing after it. Opaque origins (`null`)
 * cannot be approved.
 */
const PAGE_ORIGIN_PATTERN = /^https?:\/\/(?:\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::[0-9]{1,5})?$/;

/** A page origin at `path`. */
function readPageOrigin(value: unknown, path: string): string {
  const origin = expectString(value, path, { min: 1, max: MAX_ORIGIN_LENGTH });
  if (!PAGE_ORIGIN_PATTERN.test(origin)) {
    fail(path, 'must be a page origin such as https://his.example.clinic (no path, lower case)');
  }
  return origin;
}

/** A list of distinct scopes, in {@link SCOPES} order as sent: at least one when granted. */
const readGrantedScopes = (value: unknown, path: string): Scope[] =>
  expectDistinct(value, path, SCOPES, 1, SCOPES.length, 'scope');

/** The scopes of an access entry: none for a denied origin. */
const readEntryScopes = (value: unknown, path: string): Scope[] =>
  expectDistinct(value, path, SCOPES, 0, SCOPES.length, 'scope');

/** `{origin}`: the params of `access.deny`, and the result of `access.deny`. */
export function readOriginOnly(record: PlainRecord, path: string): { origin: string } {
  return { origin: readField(record, 'origin', path, readPageOrigin) };
}

/** The params of `access.approve`: `{origin, scopes?}`. */
export function readApproveParams(
  params: PlainRecord,
  path: string,
): { origin: string; scopes?: Scope[] } {
  const approve: { origin: string; scopes?: Scope[] } = readOriginOnly(params, path);
  return copyOptionalField(approve, params, 'scopes', path, readGrantedScopes);
}

/** The result of `access.approve`: `{origin, scopes}`. */
export function readApproveResult(
  result: PlainRecord,
  path: string,
): { origin: string; scopes: Scope[] } {
  const scopes = readField(result, 'scopes', path, readGrantedScopes);
  return { ...readOriginOnly(result, path), scopes };
}

function readAccessEntry(value: unknown, path: string): AccessEntry {
  const record = expectRecord(value, path);
  const entry: AccessEntry = {
    ...readOriginOnly(record, path),
    status: readOneOfField(record, 'status', path, ACCESS_STATUSES, 'access status'),
    scopes: readField(record, 'scopes', path, readEntryScopes),
  };
  return copyOptionalField(entry, record, 'since', path, readIsoTime);
}

const readAccessEntries = (value: unknown, path: string): AccessEntry[] =>
  readArray(value, path, 0, MAX_ACCESS_ENTRIES, readAccessEntry);

/** The result of `access.list`: `{origins: AccessEntry[]}`. */
export function readAccessList(result: PlainRecord, path: string): { origins: AccessEntry[] } {
  return { origins: readField(result, 'origins', path, readAccessEntries) };
}
