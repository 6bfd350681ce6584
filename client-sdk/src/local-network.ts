/**
 * The browser's Local Network Access permission (Chrome 142+ for fetch, 147+ for WebSockets):
 * a page on a public or intranet origin needs it before it may reach the broker on loopback.
 * `unsupported` where the browser does not expose it (other browsers, Node), or where no
 * permission is involved (a page on loopback itself).
 */
export type LocalNetworkPermission = 'granted' | 'denied' | 'prompt' | 'unsupported';

// Chrome split the one `local-network-access` permission into `loopback-network` (what the
// broker on 127.0.0.1 needs) and `local-network`; older builds know only the first name.
const PERMISSION_NAMES = ['loopback-network', 'local-network-access'] as const;

interface PermissionsLike {
  query(descriptor: { name: string }): Promise<{
    state: string;
    addEventListener?(type: 'change', listener: () => void): void;
    removeEventListener?(type: 'change', listener: () => void): void;
  }>;
}

type PermissionStatusLike = Awaited<ReturnType<PermissionsLike['query']>>;

function permissionsApi(): PermissionsLike | undefined {
  const navigatorLike = (globalThis as { navigator?: { permissions?: PermissionsLike } }).navigator;
  const permissions = navigatorLike?.permissions;
  return typeof permissions?.query === 'function' ? permissions : undefined;
}

/** Whether the page itself is on loopback: its requests to the broker need no permission. */
export function pageOnLoopback(): boolean {
  const host = (globalThis as { location?: { hostname?: string } }).location?.hostname;
  return host === undefined || /^(.*\.)?localhost$|^127(\.\d{1,3}){3}$|^\[?::1\]?$/.test(host);
}

/** Whether this page may have to ask for the permission at all (a browser page off loopback). */
export function localNetworkGateApplies(): boolean {
  return permissionsApi() !== undefined && !pageOnLoopback();
}

async function queryStatus(): Promise<PermissionStatusLike | undefined> {
  const permissions = permissionsApi();
  if (permissions === undefined || pageOnLoopback()) return undefined;
  for (const name of PERMISSION_NAMES) {
    try {
      return await permissions.query({ name });
    } catch {
      // This browser does not know the name (TypeError): try the next, older one.
    }
  }
  return undefined;
}

function stateOf(status: PermissionStatusLike | undefined): LocalNetworkPermission {
  const state = status?.state;
  return state === 'granted' || state === 'denied' || state === 'prompt' ? state : 'unsupported';
}

/** The permission's state now, as far as the browser tells. */
export async function localNetworkPermission(): Promise<LocalNetworkPermission> {
  return stateOf(await queryStatus());
}

/**
 * Calls `listener` with the new state whenever the permission changes (the user allowed the
 * page in the site settings, or a policy did); returns the function that stops it.
 */
export function watchLocalNetworkPermission(
  listener: (state: LocalNetworkPermission) => void,
): () => void {
  let stopped = false;
  let stop = (): void => {
    stopped = true;
  };
  queryStatus().then(
    (status) => {
      if (stopped || status?.addEventListener === undefined) return;
      const onChange = (): void => listener(stateOf(status));
      status.addEventListener('change', onChange);
      stop = () => status.removeEventListener?.('change', onChange);
    },
    () => {},
  );
  return () => stop();
}
