import type { Scope } from '@nhicard/protocol';
import type { Logger } from 'pino';
import type { ConsentStore } from './consent-store.js';
import { isLoopbackOrigin, isOpaqueOrigin } from './origin-kind.js';

/** What the start-up warnings look at. */
export interface AccessWarningInput {
  origins: Readonly<Record<string, readonly Scope[]>>;
  /** How the same-user check works here: `off` when the configuration turned it off. */
  peerOwnerMethod: 'linux-proc' | 'windows-iphlpapi' | 'none' | 'off';
  consent: ConsentStore | null;
}

/**
 * Says at start-up, as warnings, where the access configuration is weaker than the default:
 * opaque origins named (any website can send `null`), plain `http://` origins off this
 * computer (anyone on the path can alter the page), the same-user check off or unavailable,
 * and an access file that cannot be trusted. Returns the messages, for tests and the banner.
 */
export function warnAboutAccess(logger: Logger, input: AccessWarningInput): string[] {
  const warnings: string[] = [];
  for (const origin of Object.keys(input.origins)) {
    if (isOpaqueOrigin(origin)) {
      warnings.push(
        `origin ${JSON.stringify(origin)} is opaque: any website can send it from a sandboxed or data: frame, and gets its scopes`,
      );
    } else if (origin.startsWith('http://') && !isLoopbackOrigin(origin)) {
      warnings.push(
        `origin ${origin} is plain http off this computer: anyone on the network path can change that page; use https`,
      );
    }
  }
  if (input.peerOwnerMethod === 'off') {
    warnings.push(
      "sameUserOnly is off: every OS user of this computer is treated as the broker's own user",
    );
  } else if (input.peerOwnerMethod === 'none') {
    warnings.push(
      `this platform (${process.platform}) cannot tell which OS user opened a connection: other local users are not kept out (docs/security.md)`,
    );
  }
  if (input.consent !== null) {
    try {
      input.consent.list();
    } catch (error) {
      warnings.push(
        `the access file approves nothing: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  for (const warning of warnings) logger.warn({ warning }, 'access warning');
  return warnings;
}
