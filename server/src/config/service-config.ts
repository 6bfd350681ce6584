/** Publishing the readers' presence to NATS; off while `servers` is left out. */
export interface NatsConfig {
  /** NATS server URLs. */
  servers?: string[];
  /**
   * The site in subjects and keys.
   * @default 'default'
   */
  site?: string;
  /** This workstation in subjects and keys; left out, the host name. */
  workstation?: string;
  /** The broker's NATS user. */
  user?: string;
  /** That user's password. */
  password?: string;
  /**
   * The key-value bucket of each reader's last state.
   * @default 'nhicard-readers'
   */
  bucket?: string;
}

/** The `wss://` listener with the local CA's certificate; off while `port` is left out. */
export interface TlsConfig {
  /** Port of the `wss://` and `https://` listener (7768 is the usual choice: 7767 is the presence port). */
  port?: number;
  /** Folder of the local CA and server certificate; left out, the user's data folder. */
  dir?: string;
  /**
   * Lifetime of each server certificate; it is renewed at two thirds of it.
   * @default 7
   */
  certificateLifetimeDays?: number;
}
