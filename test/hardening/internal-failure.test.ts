import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, TOKENS } from '../server/test-server.js';
import { RawClient } from './support/raw-client.js';

// Close code 1011 as PROTOCOL.md describes it: a failure inside the broker that the connection
// did not turn into an error response ends that connection, and only that one.
describe('an internal failure while a frame is handled', () => {
  let test: TestServer | undefined;

  afterEach(async () => {
    await test?.close();
    test = undefined;
  });

  it('closes that connection with 1011 and serves the others', async () => {
    // The broker's log sink fails on the line a malformed frame writes: a fault inside the
    // broker that no request handler catches.
    const errors: string[] = [];
    const sink = {
      write(line: string): void {
        if (line.includes('"msg":"bad frame"')) throw new Error('log sink failed');
        if (line.includes('"level":50')) errors.push(JSON.parse(line).msg);
      },
    };
    test = await startTestServer({ logger: pino({ level: 'debug' }, sink) });
    const bystander = await RawClient.connect(test.server.url, { token: TOKENS.read });
    const failing = await RawClient.connect(test.server.url, { token: TOKENS.read });
    await failing.firstMessage;
    failing.socket.send('{"type":"request","id":1}');
    expect(await failing.closed).toStrictEqual({ code: 1011, reason: 'internal error' });
    expect(errors).toStrictEqual(['internal failure; closing with 1011']);
    expect(await bystander.request('ping', {})).toMatchObject({ ok: true });
    await bystander.close();
  });
});
