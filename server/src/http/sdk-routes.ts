import type { IncomingMessage, ServerResponse } from 'node:http';
import { readStaticFile, STATIC_HEADERS, sendText } from './static-file.js';

/** The URL prefix of the client's `<script>` bundles. */
export const SDK_PATH = '/sdk/';
/** The `<script>` bundles served under {@link SDK_PATH}. */
const SDK_BUNDLES = [
  'nhicard-client.iife.js',
  'nhicard-client.msgpack.iife.js',
  'nhicard-nats.iife.js',
] as const;

/**
 * Serves `/sdk/…`: the client SDK's `<script>` bundles, which the demo page and the example
 * apps load, as files built by the client package (the server never imports it: it hands the
 * browser the client's build, as a CDN would). Returns false for any other path.
 */
export function serveSdkBundle(
  request: IncomingMessage,
  response: ServerResponse,
  pathname: string,
  sdkDirectory: string,
): boolean {
  if (!pathname.startsWith(SDK_PATH)) return false;
  const name = pathname.slice(SDK_PATH.length);
  const bundle = SDK_BUNDLES.find((candidate) => candidate === name);
  if (bundle === undefined) {
    const names = `${SDK_BUNDLES.slice(0, -1).join(', ')} and ${SDK_BUNDLES.at(-1)}`;
    sendText(response, 404, `Not found. The SDK bundles are ${names}.\n`);
    return true;
  }
  const notBuilt = (): void =>
    sendText(
      response,
      404,
      `The client bundle ${bundle} is not built yet: run pnpm --filter @nhicard/client build.\n`,
    );
  readStaticFile(sdkDirectory, [bundle]).then((file) => {
    if (file === null) {
      notBuilt();
      return;
    }
    response.writeHead(200, {
      ...STATIC_HEADERS,
      'Content-Type': file.contentType,
      'Content-Length': file.body.byteLength,
    });
    response.end(request.method === 'HEAD' ? undefined : file.body);
  }, notBuilt);
  return true;
}
