// A self-contained loopback client (Node built-ins only), copied to a folder another OS user can
// read and run as that user: it asks for a WebSocket upgrade or an HTTP GET and prints one JSON
// line with what the broker answered. Usage:
//   node raw-upgrade-client.mjs ws <port> [--token T] [--origin O]
//   node raw-upgrade-client.mjs http <port> <path> [--token T]
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';

const [mode, portText, ...rest] = process.argv.slice(2);
const option = (name) => {
  const at = rest.indexOf(name);
  return at < 0 ? undefined : rest[at + 1];
};
const token = option('--token');
const origin = option('--origin');
const headers = {};
if (token !== undefined) headers.Authorization = `Bearer ${token}`;
if (origin !== undefined) headers.Origin = origin;
const print = (value) => {
  process.stdout.write(`${JSON.stringify(value)}\n`);
  process.exit(0);
};
setTimeout(() => print({ error: 'no answer in 10 s' }), 10_000).unref();

/** Sends the request for `path`; a plain HTTP answer (the only one for `http`) is printed. */
const send = (path) => {
  const outgoing = request({ host: '127.0.0.1', port: Number(portText), path, headers });
  outgoing.on('response', (response) => {
    let body = '';
    response.setEncoding('utf8');
    response.on('data', (chunk) => {
      body += chunk;
    });
    response.on('end', () => print({ status: response.statusCode, body }));
  });
  outgoing.on('error', (error) => print({ error: error.message }));
  return outgoing;
};

if (mode === 'http') {
  send(rest[0]).end();
} else {
  Object.assign(headers, {
    Connection: 'Upgrade',
    Upgrade: 'websocket',
    'Sec-WebSocket-Version': '13',
    'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
    'Sec-WebSocket-Protocol': 'nhicard.v1.json',
  });
  const outgoing = send('/v1');
  outgoing.on('upgrade', (response, socket, head) => {
    let buffer = head;
    const readFrame = () => {
      if (buffer.length < 2) return;
      const opcode = buffer[0] & 0x0f;
      let length = buffer[1] & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (buffer.length < 4) return;
        length = buffer.readUInt16BE(2);
        offset = 4;
      }
      if (buffer.length < offset + length) return;
      const payload = buffer.subarray(offset, offset + length);
      if (opcode === 0x8) {
        print({
          status: response.statusCode,
          close: { code: payload.readUInt16BE(0), reason: payload.subarray(2).toString('utf8') },
        });
      } else {
        const hello = JSON.parse(payload.toString('utf8'));
        print({ status: response.statusCode, hello: { type: hello.type, scopes: hello.scopes } });
      }
    };
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      readFrame();
    });
    readFrame();
  });
  outgoing.end();
}
