import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';

/** Content types of the files the broker serves as they are (the examples and the SDK). */
const STATIC_CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** A file found under a served folder. */
export interface StaticFile {
  /** Absolute path on disk. */
  path: string;
  /** The `Content-Type` to send. */
  contentType: string;
  /** The file's bytes. */
  body: Buffer;
}

/**
 * The segments of a URL path below a served folder, decoded, or null when the path could
 * reach outside it or name something that is not meant to be served: `..`, an empty or
 * dotted segment (`.git`, `.env`), `node_modules`, a backslash or NUL, bad %-encoding.
 * `relativePath` is the part after the folder's URL prefix, e.g. `kiosk/index.html`.
 */
export function safeSegments(relativePath: string): string[] | null {
  const rawSegments = relativePath.split('/');
  // A trailing slash names the folder itself (its index.html).
  if (rawSegments.at(-1) === '') rawSegments.pop();
  const segments: string[] = [];
  for (const raw of rawSegments) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (
      segment === '' ||
      segment.startsWith('.') ||
      segment === 'node_modules' ||
      /[\\/\0]/.test(segment)
    ) {
      return null;
    }
    segments.push(segment);
  }
  return segments;
}

/**
 * Reads the file `segments` name under `root` (a folder's `index.html` when they name a
 * folder). Resolves null when there is no such file or its type is not in
 * {@link STATIC_CONTENT_TYPES}: the caller answers 404.
 */
export async function readStaticFile(
  root: string,
  segments: readonly string[],
): Promise<StaticFile | null> {
  let path = join(root, ...segments);
  // join() normalises; safeSegments() already refused `..`, this is the second lock.
  if (path !== root && !path.startsWith(root.endsWith(sep) ? root : `${root}${sep}`)) return null;
  try {
    if ((await stat(path)).isDirectory()) path = join(path, 'index.html');
    const contentType = STATIC_CONTENT_TYPES[extname(path).toLowerCase()];
    if (contentType === undefined) return null;
    return { path, contentType, body: await readFile(path) };
  } catch {
    return null;
  }
}

/** The headers of every answer about a served file (the file itself, a 404, a redirect). */
export const STATIC_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/** Answers with a plain-text message (a 404 that says where to look instead). */
export function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, {
    ...STATIC_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  response.end(text);
}
