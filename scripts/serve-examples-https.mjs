#!/usr/bin/env node
// Serves the examples over https on their own origin, as a web HIS page would be: a page on
// https://127.0.0.1:<port> that reaches the broker through wss://. The certificate comes from
// nhicard's local CA (`nhicard tls issue --out <dir>`), so a browser that trusts the CA
// (`nhicard tls install`) trusts this page too. Node built-ins only; a development aid, not a
// production web server.
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:https';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const EXAMPLES = join(ROOT, 'examples');
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};
const USAGE = `Usage: node scripts/serve-examples-https.mjs --cert <dir> [--port 8443] [--host 127.0.0.1]
                                    [--broker wss://localhost:7768/v1] [--sdk <dir>]

  --cert <dir>     folder with cert.pem and key.pem from: nhicard tls issue --out <dir>
  --port <port>    port of the page (0: any free port)              default 8443
  --host <host>    address to listen on (a loopback address)        default 127.0.0.1
  --broker <url>   the broker's wss:// endpoint the page connects to default wss://localhost:7768/v1
  --sdk <dir>      folder of nhicard-client.iife.js, served at /sdk/ default client-sdk/dist
`;

const { values } = parseArgs({
  options: {
    cert: { type: 'string' },
    port: { type: 'string', default: '8443' },
    host: { type: 'string', default: '127.0.0.1' },
    broker: { type: 'string', default: 'wss://localhost:7768/v1' },
    sdk: { type: 'string', default: join(ROOT, 'client-sdk', 'dist') },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help || values.cert === undefined) {
  process.stdout.write(USAGE);
  process.exit(values.help ? 0 : 2);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  process.stderr.write(
    `serve-examples-https: --port must be 0–65535, got ${JSON.stringify(values.port)}\n`,
  );
  process.exit(2);
}

/** The file a URL path names under `root`, or null (outside it, hidden, of an unknown type). */
async function fileAt(root, urlPath) {
  const segments = urlPath.split('/').filter((segment) => segment !== '');
  for (const segment of segments) {
    if (segment.startsWith('.') || segment === 'node_modules' || /[\\\0]/.test(segment)) {
      return null;
    }
  }
  let path = resolve(root, ...segments);
  if (path !== root && !path.startsWith(root + sep)) return null;
  try {
    if ((await stat(path)).isDirectory()) path = join(path, 'index.html');
    const type = TYPES[extname(path)];
    return type === undefined ? null : { type, body: await readFile(path) };
  } catch {
    return null;
  }
}

const [cert, key] = await Promise.all([
  readFile(join(values.cert, 'cert.pem')),
  readFile(join(values.cert, 'key.pem')),
]);
const server = createServer({ cert, key }, async (request, response) => {
  let path;
  try {
    path = decodeURIComponent(new URL(request.url ?? '/', 'https://page.invalid').pathname);
  } catch {
    path = '';
  }
  if (path === '/') {
    const target = `/his-registration/?broker=${encodeURIComponent(values.broker)}`;
    response.writeHead(302, { Location: target }).end();
    return;
  }
  const file = path.startsWith('/sdk/')
    ? await fileAt(resolve(values.sdk), path.slice('/sdk/'.length))
    : await fileAt(EXAMPLES, path);
  if (file === null) {
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
    return;
  }
  response.writeHead(200, {
    'Content-Type': file.type,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  response.end(file.body);
});
server.listen(port, values.host, () => {
  const { port: actualPort } = server.address();
  const host = values.host.includes(':') ? `[${values.host}]` : values.host;
  const origin = `https://${host}:${actualPort}`;
  process.stdout.write(
    `Serving ${origin}/\n` +
      `  HIS page   ${origin}/his-registration/?broker=${encodeURIComponent(values.broker)}\n` +
      `  allow it   nhicard serve --tls-port <port> --allow-origin ${origin}=presence,read\n`,
  );
});
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => server.close(() => process.exit(0)));
