import { SCOPES, type Scope } from '@nhicard/protocol';
import { tokenStrengthProblem } from '../access/token-strength.js';
import type { ScopeMap } from './nhicard-config.js';
import { got, isOneOf, type Parsed, parsed, problem, type ValueType } from './value-types.js';

/** What the keys of a scope map are: browser origins, or bearer tokens (secrets, never echoed). */
export type ScopeMapKeyKind = 'origin' | 'token';

/**
 * A map of origins (or tokens) to scopes. In the config file an object, e.g.
 * `{"https://his.example.clinic": ["presence", "read"]}`; as text, entries separated by
 * whitespace, each `<key>=<scope>,<scope>` (split at the last `=`, so base64 tokens work).
 * A higher-precedence source replaces the whole map.
 */
export function scopeMapType(kind: ScopeMapKeyKind): ValueType<ScopeMap> {
  return {
    hint: `<${kind}>=<scopes>`,
    fromJson: (raw) => {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        return problem(`must be an object of ${kind}s to arrays of scopes ${shown(kind, raw)}`);
      }
      const map: ScopeMap = {};
      let position = 0;
      for (const [key, scopes] of Object.entries(raw)) {
        position += 1;
        const entry = checkEntry(kind, key, position, scopes);
        if (!entry.ok) return entry;
        map[key] = entry.value;
      }
      return parsed(map);
    },
    fromText: (text) => {
      const map: ScopeMap = {};
      const entries = text.split(/\s+/).filter((entry) => entry !== '');
      for (const [index, entry] of entries.entries()) {
        const split = entry.lastIndexOf('=');
        if (split <= 0) {
          return problem(
            `entry ${index + 1} must be <${kind}>=<scope>,<scope>… (scopes: ${SCOPES.join(', ')}) ` +
              shown(kind, entry),
          );
        }
        const scopes = entry.slice(split + 1).split(',');
        const checked = checkEntry(kind, entry.slice(0, split), index + 1, scopes);
        if (!checked.ok) return checked;
        map[entry.slice(0, split)] = checked.value;
      }
      return parsed(map);
    },
  };
}

/** Tokens are secrets: problems about them never quote them. */
function shown(kind: ScopeMapKeyKind, raw: unknown): string {
  return kind === 'token' ? '(value not shown)' : got(raw);
}

function checkEntry(
  kind: ScopeMapKeyKind,
  key: string,
  position: number,
  scopes: unknown,
): Parsed<Scope[]> {
  const keyProblem = kind === 'origin' ? originProblem(key) : tokenProblem(key, position);
  if (keyProblem !== null) return problem(keyProblem);
  const label = kind === 'origin' ? `origin ${JSON.stringify(key)}` : `token ${position}`;
  if (!Array.isArray(scopes)) {
    return problem(`the scopes of ${label} must be an array ${got(scopes)}`);
  }
  const checked: Scope[] = [];
  for (const scope of scopes) {
    if (!isOneOf(SCOPES, scope)) {
      return problem(
        `unknown scope ${JSON.stringify(scope)} for ${label}; scopes: ${SCOPES.join(', ')}`,
      );
    }
    if (!checked.includes(scope)) checked.push(scope);
  }
  return parsed(checked);
}

/**
 * Null when `origin` is exactly what a browser sends: `scheme://host[:port]`, nothing more, or
 * the opaque `null` (allowed only because it is named, with a warning at start-up).
 */
function originProblem(origin: string): string | null {
  if (origin === 'null') return null;
  let url: URL | null = null;
  try {
    url = new URL(origin);
  } catch {
    url = null;
  }
  const exact =
    url !== null &&
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    url.origin === origin;
  return exact
    ? null
    : `origin ${JSON.stringify(origin)} must be exactly scheme://host[:port] as a browser sends ` +
        'it (http or https, lower case, no path or trailing slash), e.g. https://his.example.clinic' +
        ' (file: pages and sandboxed frames send the opaque origin null)';
}

function tokenProblem(token: string, position: number): string | null {
  if (/\s/.test(token)) return `token ${position} must not contain whitespace`;
  const weak = tokenStrengthProblem(token);
  return weak === null ? null : `token ${position} ${weak}`;
}
