import type { ReaderInfo } from '@nhicard/protocol';
import type { LoadedConfig } from '../config/load-config.js';
import { describeOrigins, describeTokens } from './access-summary.js';

/** What the banner shows about a started broker. */
export interface BannerFacts {
  /** Version of `@nhicard/server`. */
  version: string;
  /** The WebSocket URL, with the real port. */
  url: string;
  /** The HTTP root, with the real port. */
  httpUrl: string;
  /** The `wss://` URL when TLS is on (left out or null: no line). */
  secureUrl?: string | null;
  /** LAN mode's `wss://` URL when it is on (left out or null: no line). */
  lanUrl?: string | null;
  /** The example apps' index when they are served (left out or null: no line). */
  examplesUrl?: string | null;
  /** The presence origin's root (kiosk, monitor) when the examples are served. */
  presenceUrl?: string | null;
  /** The driver running. */
  driver: string;
  /** Why this driver (the `auto` decision), shown next to it. */
  driverReason?: string;
  /** The readers attached at start. */
  readers: readonly ReaderInfo[];
  /** The configuration used. */
  loaded: LoadedConfig;
  /** Demo card ids, shown in the hint when the driver is the simulator. */
  demoCards: readonly string[];
  /** How the user runs nhicard (`nhicard`, `node server/bin/nhicard.js`). */
  commandName: string;
}

/**
 * The startup banner `serve` prints on stdout: where to connect and look, which driver and
 * readers, where the settings came from. Tests and launch scripts read the `WebSocket` line.
 */
export function formatBanner(facts: BannerFacts): string {
  const { config, file } = facts.loaded;
  const readers =
    facts.readers.length === 0
      ? 'none attached yet'
      : facts.readers.map((reader) => `${reader.id} (${reader.name})`).join(', ');
  const driver =
    config.driver === 'auto' && facts.driverReason !== undefined
      ? `${facts.driver} (auto: ${facts.driverReason})`
      : facts.driver;
  const lines = [
    `nhicard ${facts.version} is running`,
    `  WebSocket  ${facts.url}`,
    ...(facts.secureUrl
      ? [`  TLS        ${facts.secureUrl} (local CA: \`${facts.commandName} tls show\`)`]
      : []),
    ...(facts.lanUrl
      ? [
          `  LAN        ${facts.lanUrl} (tokens only: ${Object.keys(config.lan.tokens ?? {}).length})`,
        ]
      : []),
    `  Demo page  ${config.demoPage ? facts.httpUrl : 'off (--demo-page turns it on)'}`,
    ...(facts.examplesUrl ? [`  Examples   ${facts.examplesUrl}`] : []),
    ...(facts.presenceUrl
      ? [`  Kiosk      ${facts.presenceUrl}examples/kiosk/ (presence only)`]
      : []),
    `  Health     ${facts.httpUrl}healthz`,
    `  Metrics    ${facts.httpUrl}metrics`,
    `  Driver     ${driver}`,
    `  Readers    ${readers}`,
    `  Origins    ${describeOrigins(config.origins)}`,
    `  Tokens     ${describeTokens(config.tokens)}`,
    `  Config     ${file ?? 'no config file (defaults, environment and flags)'}`,
    `  Logs       stderr, JSON lines, level ${config.logLevel}`,
  ];
  if (facts.driver === 'simulator' && facts.demoCards.length > 0) {
    const port = new URL(facts.httpUrl).port;
    const portFlag = port === '7766' ? '' : ` --port ${port}`;
    lines.push(
      `Insert a demo card: ${facts.commandName} sim insert ${facts.demoCards[0]}${portFlag}` +
        ` (cards: ${facts.demoCards.join(', ')}), or use the demo page.`,
    );
  }
  lines.push('Press Ctrl+C to stop.');
  return `${lines.join('\n')}\n`;
}
