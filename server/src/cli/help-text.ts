import { DEMO_CARD_IDS } from '@nhicard/native';
import { CONFIG_SETTINGS } from '../config/config-settings.js';
import { CONFIG_FILE_ENV, DEFAULT_CONFIG_FILE } from '../config/load-config.js';

/** `nhicard --help`. */
export function mainHelp(version: string): string {
  return `nhicard ${version}: a local WebSocket broker for Taiwan NHI health-card readers

Usage: nhicard <command> [options]

Commands:
  serve                    run the broker (WebSocket, demo page, /healthz, /metrics)
  sim insert <card>        put a simulated card into a reader of a running broker
  sim remove               take the simulated card out again
  sim cards                list the demo cards and the card files sim insert can name
  doctor                   check Node.js, drivers, readers, the config and the port
  tls <command>            the local CA for wss://: create, show, install, uninstall, issue
  access list|approve|deny|forget
                           see and decide which web pages may connect (consent)
  install, uninstall       Windows: start the broker at this user's logon (or stop that)

Options:
  -h, --help               show help (also after a command: nhicard serve --help)
  -V, --version            print the version

Start here: nhicard serve, then open the demo page it prints.
`;
}

// `serve` only: doctor has no use for it.
const EXAMPLES_HELP = `  --examples, --no-examples
      serve the example apps at /examples/ (HIS registration, kiosk, monitor) and the client's
      <script> bundles at /sdk/; the kiosk and monitor are served from the presence port, presence only
      default: on with the simulator driver, off with any other`;

/** `nhicard serve --help` (and the options part of `doctor --help`): every setting. */
export function serveHelp(): string {
  return `Usage: nhicard serve [options]

Runs the broker until Ctrl+C (SIGINT) or SIGTERM: WebSocket at ws://<host>:<port>/v1, the demo
page at /, health at /healthz and Prometheus metrics at /metrics. Each setting comes from its
flag, else its environment variable, else the config file, else its default.

${settingsHelp([EXAMPLES_HELP])}`;
}

/** The options shared by `serve` and `doctor`, one block each, and `extra` blocks after them. */
function settingsHelp(extra: readonly string[] = []): string {
  const blocks = [
    [
      '  --config <path>',
      `      config file (JSON); else $${CONFIG_FILE_ENV}, else ./${DEFAULT_CONFIG_FILE} if present`,
    ].join('\n'),
    ...CONFIG_SETTINGS.map((setting) => {
      const flag = setting.flagIsSwitch
        ? `  --${setting.flag}, --no-${setting.flag}`
        : `  --${setting.flag} ${setting.hint}${setting.flagRepeats ? ' (repeatable)' : ''}`;
      return [
        flag,
        `      ${setting.summary}`,
        `      env ${setting.env}, config "${setting.key}", default: ${setting.defaultText}`,
      ].join('\n');
    }),
    ...extra,
    '  -h, --help\n      show this help',
  ];
  return `Options:\n${blocks.join('\n')}\n`;
}

/** `nhicard sim --help`. */
export function simHelp(): string {
  return `Usage: nhicard sim insert <card> [options]
       nhicard sim remove [options]
       nhicard sim cards [--sim-card-dir <path>] [--config <path>]

Controls the simulated readers of a running broker (driver: simulator) over its WebSocket
API. <card> is a demo card (${DEMO_CARD_IDS.join(', ')})
or the name of a card file in the broker's card folder (simulator.cardDirectory); a name that
is both is refused. sim cards lists them all, with the same settings as serve.

Options:
  -r, --reader <id>        the reader (e.g. sim-1); may be left out when there is only one
  --url <ws-url>           the broker's WebSocket URL (default: ws://<host>:<port>/v1 from the
                           same flags, environment and config file as serve)
  --port <port>, --host <host>, --config <path>
                           where the broker is, when --url is not given
  --token <token>          a token with the admin scope (else $NHICARD_TOKEN); without one the
                           CLI connects as a process of the broker's own OS user, which holds
                           admin on the simulator
  -h, --help               show this help
`;
}

/** `nhicard access --help`. */
export function accessHelp(): string {
  return `Usage: nhicard access list [options]
       nhicard access approve <origin> [--scopes presence,read] [options]
       nhicard access deny <origin> [options]
       nhicard access forget <origin> [options]

A web page on an origin the configuration does not name can ask for access (the client's
requestAccess option); the broker records the request and answers ACCESS_PENDING until a person
on this PC decides here. An approval lasts until denied (revoked), across restarts; the broker
reads the change on the next connection.

  list                     every origin that asked or was decided, with its state and scopes
  approve <origin>         allow it, with --scopes (default: what it asked for); presence and
                           read only, never admin
  deny <origin>            refuse it, or revoke an approval: it gets ACCESS_DENIED
  forget <origin>          remove its entry; it may ask again

Options:
  --scopes <scopes>        comma-separated, for approve
  --access-file <path>     the access file (default: from the same flags, environment and config
                           file as serve: accessFile, else the per-user state folder)
  --config <path>          the config file to read accessFile from
  -h, --help               show this help
`;
}

/** `nhicard doctor --help`. */
export function doctorHelp(): string {
  return `Usage: nhicard doctor [options]

Prints what nhicard finds on this machine: the Node.js version, the drivers available, the
readers, the configuration (and any problem in it), and whether the port is free or a broker
already answers on it. Exits with 1 when something would keep \`nhicard serve\` from starting.
Takes the same options as serve, so it checks exactly what serve would use.

${settingsHelp()}`;
}

/** `nhicard tls --help`. */
export function tlsHelp(): string {
  return `Usage: nhicard tls create|show|install|uninstall|issue [options]
       nhicard tls clinic-ca [--domain <suffix>]... [--clinic-dir <path>]
       nhicard tls clinic-issue <workstation> --ip <address> [--dns <name>] [--days <n>]

The local certificate authority behind wss:// on loopback (serve --tls-port). It can only vouch
for localhost, 127.0.0.1 and ::1, and is trusted for the current user only.

  create                   create the CA and a server certificate (if missing) and show them
  show                     show the CA and the server certificate
  install                  trust the CA in this user's browser stores
  uninstall                remove it from them again (--delete also deletes the files)
  clinic-ca                LAN mode: create (or show) the clinic CA on this PC; it may vouch
                           for private addresses and the .lan, .internal, .home.arpa, .local
                           suffixes (and each --domain) only
  clinic-issue <name>      LAN mode: issue a workstation's certificate for its --ip and --dns
                           names (repeatable; --days, default 397) and print the install steps
  issue --out <dir>        a certificate for a page served over https on this PC (cert.pem,
                           key.pem; --days <n>, default 30, at most 90)

Options:
  --store <store>          windows, nss (Chromium/Chrome on Linux), firefox, macos; repeatable
                           (default: this platform's stores); a store of another platform
                           prints the commands it would run
  --dry-run                print the commands instead of running them
  --tls-dir <path>         the CA's folder (default: tls.dir, else the user's data folder)
  --clinic-dir <path>      the clinic CA's folder (default: clinic/ in the TLS folder)
  --config <path>          config file to read tls.dir from
  -h, --help               this help
`;
}

/** `nhicard install --help` and `nhicard uninstall --help`. */
export function installHelp(): string {
  return `Usage: nhicard install
       nhicard uninstall [--keep-config]

Windows only. install sets this user up so the broker starts at every logon, in the user's
desktop session (csHIS.dll shows its dialogs there; a service could not):
  1. writes %APPDATA%\\nhicard\\nhicard.config.json (an existing one is kept), serving
     wss:// on 7768 too; run from the Windows release, it points cshis.nodePath and
     cshis.koffiPath at the release's 32-bit Node and koffi
  2. adds the value "nhicard" under HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run,
     which runs this Node with "serve --config <that file>" in a minimised window
  3. creates the local CA (tls.dir) when there is none and adds it to this user's Root
     certificate store (Windows asks to confirm), as nhicard tls install does
  4. runs nhicard doctor on that config
No administrator rights are needed. uninstall removes the Run value, takes the CA out of the
Root store and deletes it and %APPDATA%\\nhicard (config and logs; --keep-config keeps the
config, the logs and the CA files).

Options:
  --keep-config            uninstall: keep %APPDATA%\\nhicard and the CA's files
  -h, --help               show this help
`;
}
