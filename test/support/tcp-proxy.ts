// A TCP proxy a test holds in front of a broker: it can cut every client off without stopping
// the broker, and send new connections to a restarted broker on a fresh port, so the port the
// clients know never becomes free for another process to take.
import { createConnection, createServer, type Server, type Socket } from 'node:net';

/** A TCP proxy in front of the broker: `cut()` drops every connection and refuses new ones. */
export interface CuttableProxy {
  /** `ws://127.0.0.1:<proxy port>/v1`. */
  url: string;
  cut(): void;
  restore(): void;
  /**
   * Sends new connections to another broker port. A restarted broker takes a fresh port from
   * the OS, so no other process on the machine can take its old one in between; the proxy's
   * port is the one the client keeps.
   */
  retarget(targetPort: number): void;
  close(): Promise<void>;
}

/** Starts a proxy to `127.0.0.1:targetPort`. */
export async function startProxy(initialTargetPort: number): Promise<CuttableProxy> {
  let targetPort = initialTargetPort;
  const open = new Set<Socket>();
  let cut = false;
  const server: Server = createServer((client) => {
    if (cut) {
      client.destroy();
      return;
    }
    const upstream = createConnection(targetPort, '127.0.0.1');
    // The broker answers only to the Host names it serves: like a reverse proxy, this one
    // names the broker's port in the request it forwards.
    client.once('data', (head: Buffer) => {
      const text = head
        .toString('latin1')
        .replace(/^(Host:\s*[^:\r\n]+):\d+/im, `$1:${targetPort}`);
      upstream.write(Buffer.from(text, 'latin1'));
      client.pipe(upstream);
    });
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      open.add(from);
      if (from === upstream) from.pipe(to);
      from.on('error', () => to.destroy());
      from.on('close', () => {
        open.delete(from);
        to.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}/v1`,
    cut() {
      cut = true;
      for (const socket of open) socket.destroy();
    },
    restore() {
      cut = false;
    },
    retarget(port) {
      targetPort = port;
    },
    close() {
      cut = true;
      for (const socket of open) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
