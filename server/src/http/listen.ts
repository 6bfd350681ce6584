import type { Server } from 'node:http';

/**
 * Starts `server` listening; resolves once it does.
 * @throws Error saying why the broker cannot listen (a port in use names `nhicard doctor`).
 */
export function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      const reason =
        error.code === 'EADDRINUSE'
          ? `port ${port} on ${host} is already in use (another nhicard? run \`nhicard doctor\`)`
          : error.message;
      reject(new Error(`The broker cannot listen: ${reason}`, { cause: error }));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** Stops every server and ends their open connections (keep-alive ones too) at once. */
export async function closeServers(servers: readonly Server[]): Promise<void> {
  await Promise.all(
    servers.map(
      (server) =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    ),
  );
}
