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

/**
 * Where a broker republishes a reader's state when its link to NATS comes back (the bucket is
 * written at the same time): `<presence subject>.state`, inside the presence subjects' own
 * permissions, so a monitor that missed changes while the broker was away hears of them.
 */
export function stateSubject(place: NatsPlace, readerId: string): string {
  return `${presenceSubject(place, readerId)}.${STATE_SUBJECT_TOKEN}`;
}

/** The last token of a {@link stateSubject}. */
const STATE_SUBJECT_TOKEN = 'state';

/**
 * What a message on the presence subjects is, from its subject: the state key of its reader,
 * and whether it is a republished state ({@link stateSubject}) rather than an event. Null for a
 * subject that is neither (another prefix, or the wrong number of tokens).
 */
export function parsePresenceSubject(
  subject: string,
  prefix: string,
): { key: string; isState: boolean } | null {
  const head = `${prefix}.presence.`;
  if (!subject.startsWith(head)) return null;
  const tokens = subject.slice(head.length).split('.');
  const isState = tokens.length === 4 && tokens[3] === STATE_SUBJECT_TOKEN;
  if (tokens.length !== 3 && !isState) return null;
  const key = tokens.slice(0, 3).join('.');
  return parseStateKey(key) === null ? null : { key, isState };
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
