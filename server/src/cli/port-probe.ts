import { createServer } from 'node:net';

/** What answers on a host and port. */
export type PortState =
  | { kind: 'free' }
  | {
      kind: 'broker';
      /** The broker's `/healthz` report, as far as the probe reads it. */
      version: string;
      driver: string;
      readers: number;
      uptimeSeconds: number;
    }
  | { kind: 'taken'; detail: string };

/**
 * Finds out whether `host:port` is free, serves an nhicard broker (its `/healthz` answers) or
 * is held by something else.
 */
export async function probePort(host: string, port: number, timeoutMs = 2000): Promise<PortState> {
  const urlHost = host.includes(':') ? `[${host}]` : host;
  try {
    const response = await fetch(`http://${urlHost}:${port}/healthz`, {
      signal: AbortSignal.timeout(timeoutMs),
    });
    const report = (await response.json()) as Record<string, unknown>;
    const server = report.server as { name?: unknown; version?: unknown } | undefined;
    if (response.ok && server?.name === 'nhicard') {
      return {
        kind: 'broker',
        version: String(server.version),
        driver: String(report.driver),
        readers: Array.isArray(report.readers) ? report.readers.length : 0,
        uptimeSeconds: Number(report.uptimeSeconds),
      };
    }
    return { kind: 'taken', detail: `something else answers HTTP there (${response.status})` };
  } catch {
    // Nothing speaks nhicard's HTTP there: see whether the port can be bound.
  }
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      resolve({ kind: 'taken', detail: `${error.code ?? 'error'}: ${error.message}` });
    });
    server.listen(port, host, () => {
      server.close(() => resolve({ kind: 'free' }));
    });
  });
}
