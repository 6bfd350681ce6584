import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from '@nats-io/nats-core';

/** How a broker publishes its readers' presence to NATS (for monitors across a hospital). */
export interface NatsOptions {
  /** NATS server URLs, e.g. `nats://nats.hospital.example:4222` (several for a cluster). */
  servers: string[];
  /** The site (hospital, campus or clinic) in subjects and keys. */
  site: string;
  /** This workstation in subjects and keys. @default the machine's host name */
  workstation?: string;
  /** User and password of the broker's NATS user (publish-only on its own subjects). */
  user?: string;
  password?: string;
  /** A token, for servers set up with token authentication instead. */
  token?: string;
  /** Subject prefix. @default 'nhicard' */
  prefix?: string;
  /** The JetStream key-value bucket with each reader's last state. @default 'nhicard-readers' */
  bucket?: string;
  /** A CA certificate (PEM) to trust for `tls://` servers, besides the system's. */
  caFile?: string;
}

/** What `/healthz` and the logs say about the NATS link. */
export interface NatsLinkStatus {
  /** `connecting` before the first connection; `connected`; `disconnected` while retrying. */
  state: 'connecting' | 'connected' | 'disconnected' | 'closed';
  /** The server connected to (when connected). */
  server: string | null;
  /** Since when in this state. */
  since: string;
  /** The last error, in words (never credentials). */
  lastError: string | null;
}

/**
 * The nats.js options of a broker's link: retried for ever, from the first attempt on, one
 * second apart, so a broker started before NATS (or outliving a NATS restart) links up by itself.
 */
export function connectOptionsFor(options: NatsOptions, name: string): ConnectionOptions {
  return {
    servers: options.servers,
    name,
    user: options.user,
    pass: options.password,
    token: options.token,
    ...(options.caFile ? { tls: { ca: readFileSync(options.caFile, 'utf8') } } : {}),
    waitOnFirstConnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1000,
  };
}
