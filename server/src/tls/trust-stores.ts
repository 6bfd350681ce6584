import { join } from 'node:path';

/** The trust stores `nhicard tls install` knows. */
export const TRUST_STORES = ['windows', 'nss', 'firefox', 'macos'] as const;

/** One of {@link TRUST_STORES}. */
export type TrustStore = (typeof TRUST_STORES)[number];

/** What the commands need to know of the CA. */
export interface CaForStores {
  /** The CA certificate file (PEM). */
  readonly certPath: string;
  /** Serial number, hex: how Windows' certutil finds it to delete it. */
  readonly serialHex: string;
  /** SHA-1 fingerprint, hex: how macOS's `security` finds it to delete it. */
  readonly sha1Hex: string;
}

/** One command of an install or removal, as an argument vector. */
export interface StoreCommand {
  readonly store: TrustStore;
  /** What the command does, for the user. */
  readonly purpose: string;
  readonly argv: readonly string[];
  /** Run only when the store's database does not exist yet (NSS's `-N`). */
  readonly onlyIfMissing?: string;
}

/** Where the stores are on this machine. */
export interface StoreLocations {
  /** The user's home folder. */
  readonly home: string;
  /** Firefox profile folders that hold an NSS database (`cert9.db`). */
  readonly firefoxProfiles: readonly string[];
}

/** The name the CA gets in NSS databases. */
const NSS_NICKNAME = 'nhicard local CA';

function nssCommands(
  store: 'nss' | 'firefox',
  dir: string,
  action: 'install' | 'remove',
  ca: CaForStores,
): StoreCommand[] {
  const db = `sql:${dir}`;
  if (action === 'remove') {
    return [
      {
        store,
        purpose: `remove from ${dir}`,
        argv: ['certutil', '-d', db, '-D', '-n', NSS_NICKNAME],
      },
    ];
  }
  return [
    {
      store,
      purpose: `create the NSS database ${dir}`,
      argv: ['certutil', '-d', db, '-N', '--empty-password'],
      onlyIfMissing: join(dir, 'cert9.db'),
    },
    {
      store,
      // C,, : trusted to issue server certificates, nothing else (no mail, no code signing).
      purpose: `trust for TLS servers in ${dir}`,
      argv: ['certutil', '-d', db, '-A', '-t', 'C,,', '-n', NSS_NICKNAME, '-i', ca.certPath],
    },
  ];
}

/**
 * The commands that add the CA to (or remove it from) `store`, for the current user only:
 * nothing machine-wide, so no administrator rights are needed and other users are unaffected.
 */
export function storeCommands(
  store: TrustStore,
  action: 'install' | 'remove',
  ca: CaForStores,
  where: StoreLocations,
): StoreCommand[] {
  switch (store) {
    case 'windows':
      // The current user's Root store, which Chrome and Edge use on Windows.
      return [
        action === 'install'
          ? {
              store,
              purpose: "add to the current user's Root store",
              argv: ['certutil.exe', '-user', '-addstore', 'Root', ca.certPath],
            }
          : {
              store,
              purpose: "delete from the current user's Root store",
              argv: ['certutil.exe', '-user', '-delstore', 'Root', ca.serialHex],
            },
      ];
    case 'macos': {
      const keychain = join(where.home, 'Library', 'Keychains', 'login.keychain-db');
      return action === 'install'
        ? [
            {
              store,
              purpose: 'trust in the login keychain',
              argv: [
                'security',
                'add-trusted-cert',
                '-r',
                'trustRoot',
                '-p',
                'ssl',
                '-k',
                keychain,
                ca.certPath,
              ],
            },
          ]
        : [
            {
              store,
              purpose: 'drop its trust settings',
              argv: ['security', 'remove-trusted-cert', ca.certPath],
            },
            {
              store,
              purpose: 'delete from the login keychain',
              argv: ['security', 'delete-certificate', '-Z', ca.sha1Hex.toUpperCase(), keychain],
            },
          ];
    }
    case 'nss':
      // Chromium and Chrome on Linux read the user's shared NSS database.
      return nssCommands('nss', join(where.home, '.pki', 'nssdb'), action, ca);
    case 'firefox':
      return where.firefoxProfiles.flatMap((dir) => nssCommands('firefox', dir, action, ca));
  }
}

/** The stores a platform's browsers use, in the order they are installed. */
export function platformStores(platform: NodeJS.Platform): TrustStore[] {
  if (platform === 'win32') return ['windows'];
  if (platform === 'darwin') return ['macos'];
  return ['nss', 'firefox'];
}

/** Whether `store`'s commands can run on `platform` at all. */
export function storeRunsOn(store: TrustStore, platform: NodeJS.Platform): boolean {
  return platformStores(platform).includes(store);
}

/** An argument vector as one line a user can paste into a shell. */
export function shellLine(argv: readonly string[]): string {
  return argv
    .map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `"${arg.replace(/(["\\$`])/g, '\\$1')}"`))
    .join(' ');
}
