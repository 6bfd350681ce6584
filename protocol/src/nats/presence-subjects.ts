/**
 * Names on NATS: one subject per reader for presence events, and one key per reader in the
 * state bucket. Site, workstation and reader ids become single subject tokens, so `>` and `*`
 * wildcards select by site or workstation: `nhicard.presence.taipei-main.>`.
 */

/** Where a broker's readers are, as NATS names them. */
export interface NatsPlace {
  /** Subject prefix. @default 'nhicard' */
  readonly prefix: string;
  /** The site (hospital, campus or clinic), e.g. `taipei-main`. */
  readonly site: string;
  /** This workstation, e.g. `opd-3f-07`. */
  readonly workstation: string;
}

/**
 * A name as one NATS token: letters, digits, `-` and `_` kept, anything else (dots, spaces,
 * wildcards, non-ASCII) as `_`, since a dot would split the token and `*`/`>` are wildcards.
 * Empty names become `_`.
 */
export function subjectToken(name: string): string {
  const token = name.replace(/[^A-Za-z0-9_-]/g, '_');
  return token === '' ? '_' : token;
}

/** The subject a reader's presence events go to: `<prefix>.presence.<site>.<ws>.<reader>`. */
export function presenceSubject(place: NatsPlace, readerId: string): string {
  return [
    place.prefix,
    'presence',
    subjectToken(place.site),
    subjectToken(place.workstation),
    subjectToken(readerId),
  ].join('.');
}

/** The key of a reader's last state in the bucket: `<site>.<ws>.<reader>`. */
export function stateKey(place: NatsPlace, readerId: string): string {
  return [subjectToken(place.site), subjectToken(place.workstation), subjectToken(readerId)].join(
    '.',
  );
}

/** The parts of a state key: `<site>.<workstation>.<reader>`; null when it is not one. */
export function parseStateKey(
  key: string,
): { site: string; workstation: string; reader: string } | null {
  const parts = key.split('.');
  if (parts.length !== 3 || parts.some((part) => part === '')) return null;
  const [site = '', workstation = '', reader = ''] = parts;
  return { site, workstation, reader };
}
