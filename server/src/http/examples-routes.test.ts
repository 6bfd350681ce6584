import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_EXAMPLES_DIRECTORY,
  DEFAULT_SDK_DIRECTORY,
  type ExamplesFiles,
  type ExamplesOrigin,
  isPresenceOnlyApp,
  resolveExamples,
  serveExamples,
} from './examples-routes.js';
import { safeSegments } from './static-file.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let server: Server;
let presenceServer: Server;
let port: number;
let presencePort: number;
let files: ExamplesFiles;

/** A raw GET, so that paths like `/examples/%2e%2e/` reach the server as written. */
function get(path: string, toPort = port): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const options = { host: '127.0.0.1', port: toPort, path, method: 'GET' };
    const outgoing = httpRequest(options, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
      );
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'nhicard-examples-routes-'));
  const write = (path: string, text: string): void => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write('examples/index.html', '<p>index</p>');
  write('examples/kiosk/index.html', '<p>kiosk</p>');
  write('examples/kiosk/kiosk.css', 'body{}');
  write('examples/monitor/index.html', '<p>monitor</p>');
  write('examples/monitor/monitor.config.json', '{"brokers":[]}');
  write('examples/his-registration/index.html', '<p>his</p>');
  write('examples/his-registration/fields.json', '{}');
  write('examples/README.md', '# not served');
  write('examples/.hidden/secret.html', 'no');
  write('examples/node_modules/x/index.js', 'no');
  write('outside.html', 'outside');
  write('sdk/nhicard-client.iife.js', 'var NhiCard={};');
  files = { directory: join(root, 'examples'), sdkDirectory: join(root, 'sdk') };
  const serving = (origin: () => ExamplesOrigin): Server =>
    createServer((request, response) => {
      const { pathname } = new URL(request.url ?? '/', 'http://localhost');
      if (!serveExamples(request, response, pathname, files, origin())) {
        response.writeHead(404).end('not mine');
      }
    });
  server = serving(() => ({ kind: 'main', presencePort }));
  presenceServer = serving(() => ({ kind: 'presence' }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => presenceServer.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  presencePort = (presenceServer.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await new Promise((resolve) => presenceServer.close(resolve));
});

describe('serveExamples', () => {
  it('serves the kiosk from the presence origin, not sandboxed into origin null', async () => {
    const answer = await get('/examples/kiosk/', presencePort);
    expect(answer.status).toBe(200);
    expect(answer.body).toBe('<p>kiosk</p>');
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    const self = `http://127.0.0.1:${presencePort}`;
    expect(answer.headers['content-security-policy']).toBe(
      [
        "default-src 'none'",
        `script-src 'self' ${self}`,
        `style-src 'self' ${self}`,
        `img-src 'self' ${self} data:`,
        `connect-src 'self' ${self} ws: wss: http: https:`,
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
      ].join('; '),
    );
  });

  it('serves the registration page unsandboxed, connecting to this broker only', async () => {
    const answer = await get('/examples/his-registration/index.html');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-security-policy']).toBe(
      [
        "default-src 'none'",
        `script-src 'self' http://127.0.0.1:${port}`,
        `style-src 'self' http://127.0.0.1:${port}`,
        `img-src 'self' http://127.0.0.1:${port} data:`,
        `connect-src 'self' http://127.0.0.1:${port} ws://127.0.0.1:${port}`,
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
      ].join('; '),
    );
  });

  it('redirects the presence-only apps from the main origin, whatever their case or trailing dots', async () => {
    for (const [path, target] of [
      ['/examples/kiosk/', '/examples/kiosk/'],
      ['/examples/KIOSK/', '/examples/kiosk/'],
      ['/examples/Monitor/monitor.config.json', '/examples/monitor/monitor.config.json'],
      ['/examples/kiosk./index.html', '/examples/kiosk/index.html'],
      ['/examples/monitor%20/index.html', '/examples/monitor/index.html'],
      ['/examples/monitor/?broker=a%3Dws%3A%2F%2Fx', '/examples/monitor/?broker=a%3Dws%3A%2F%2Fx'],
    ]) {
      const answer = await get(path ?? '');
      expect([path, answer.status, answer.headers.location]).toEqual([
        path,
        302,
        `http://127.0.0.1:${presencePort}${target}`,
      ]);
    }
    expect(isPresenceOnlyApp('KiOsK. .')).toBe(true);
    expect(isPresenceOnlyApp('his-registration')).toBe(false);
  });

  it('serves only the presence-only apps and their shared files on the presence origin', async () => {
    expect((await get('/examples/his-registration/index.html', presencePort)).status).toBe(404);
    expect((await get('/examples/index.html', presencePort)).status).toBe(404);
    expect((await get('/examples/monitor/index.html', presencePort)).status).toBe(200);
  });

  it('gives CSS no policy and no JSON any CORS header, the monitor config included', async () => {
    const css = await get('/examples/kiosk/kiosk.css', presencePort);
    expect([css.status, css.headers['content-type'], css.body]).toEqual([
      200,
      'text/css; charset=utf-8',
      'body{}',
    ]);
    expect(css.headers['content-security-policy']).toBeUndefined();
    const config = await get('/examples/monitor/monitor.config.json', presencePort);
    expect(config.status).toBe(200);
    expect(config.headers['access-control-allow-origin']).toBeUndefined();
    const other = await get('/examples/his-registration/fields.json');
    expect(other.status).toBe(200);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('redirects folders to their trailing slash', async () => {
    for (const [path, location] of [
      ['/examples', '/examples/'],
      ['/examples/kiosk', '/examples/kiosk/'],
    ]) {
      const answer = await get(path ?? '');
      expect([answer.status, answer.headers.location]).toEqual([301, location]);
    }
  });

  it('serves nothing outside the folder, hidden, in node_modules or of other types', async () => {
    for (const path of [
      '/examples/%2e%2e/outside.html',
      '/examples/..%2foutside.html',
      '/examples/kiosk/..%5c..%5coutside.html',
      '/examples/.hidden/secret.html',
      '/examples/node_modules/x/index.js',
      '/examples/README.md',
      '/examples/%E0%A4%A.html',
      '/examples/missing.html',
    ]) {
      const answer = await get(path);
      expect([path, answer.status]).toEqual([path, 404]);
      expect(answer.body).not.toContain('outside');
    }
  });

  it('serves the SDK bundle, and says how to build the one that is missing', async () => {
    const bundle = await get('/sdk/nhicard-client.iife.js');
    expect([bundle.status, bundle.headers['content-type'], bundle.body]).toEqual([
      200,
      'text/javascript; charset=utf-8',
      'var NhiCard={};',
    ]);
    expect(await get('/sdk/nhicard-client.msgpack.iife.js')).toMatchObject({
      status: 404,
      body: 'The client bundle nhicard-client.msgpack.iife.js is not built yet: run pnpm --filter @nhicard/client build.\n',
    });
    expect(await get('/sdk/index.js')).toMatchObject({
      status: 404,
      body: 'Not found. The SDK bundles are nhicard-client.iife.js, nhicard-client.msgpack.iife.js and nhicard-nats.iife.js.\n',
    });
  });

  it('leaves other paths to the caller', async () => {
    expect(await get('/healthz')).toMatchObject({ status: 404, body: 'not mine' });
    expect(await get('/examplesx')).toMatchObject({ status: 404, body: 'not mine' });
  });
});

describe('resolveExamples', () => {
  it('serves the repository folders by default with the simulator only', () => {
    const repository = {
      directory: DEFAULT_EXAMPLES_DIRECTORY,
      sdkDirectory: DEFAULT_SDK_DIRECTORY,
    };
    expect(resolveExamples(undefined, true)).toEqual(repository);
    expect(resolveExamples(undefined, false)).toBeNull();
    expect(resolveExamples(true, false)).toEqual(repository);
    expect(resolveExamples(false, true)).toBeNull();
    expect(resolveExamples({ directory: '/srv/examples' }, false)).toEqual({
      directory: '/srv/examples',
      sdkDirectory: DEFAULT_SDK_DIRECTORY,
    });
    expect(DEFAULT_EXAMPLES_DIRECTORY.endsWith('/examples')).toBe(true);
    expect(DEFAULT_SDK_DIRECTORY.endsWith('/client-sdk/dist')).toBe(true);
  });
});

describe('safeSegments', () => {
  it('decodes segments and refuses the ones that could escape or hide', () => {
    expect(safeSegments('kiosk/index.html')).toEqual(['kiosk', 'index.html']);
    expect(safeSegments('kiosk/')).toEqual(['kiosk']);
    expect(safeSegments('')).toEqual([]);
    expect(safeSegments('his%20registration/a.css')).toEqual(['his registration', 'a.css']);
    for (const path of ['../x', 'a/%2e%2e/x', 'a//b', '.git/config', 'a%2fb', 'a%5cb', 'a%00']) {
      expect([path, safeSegments(path)]).toEqual([path, null]);
    }
  });
});
