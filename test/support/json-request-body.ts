// The JSON object a stand-in service was sent, as the services the tests stand in for take it:
// an empty, malformed or non-object body counts as no fields at all.
import type { IncomingMessage } from 'node:http';

/** Reads `request` to its end and parses it as a JSON object (`{}` when it is not one). */
export async function readJsonBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  try {
    const text = Buffer.concat(chunks).toString('utf8');
    const body: unknown = text === '' ? {} : JSON.parse(text);
    return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
