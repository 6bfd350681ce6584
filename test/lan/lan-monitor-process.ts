// A monitor on another PC, run inside the second network namespace: the client SDK with a LAN
// token over wss://, trusting the clinic CA the way a Node program does (NODE_EXTRA_CA_CERTS).
// It prints one JSON line per thing that happens: every raw frame received (so the test can
// scan them all), every event, and the outcome of each request it is told to make on stdin.
// `probe` mode opens one raw WebSocket instead and prints how the broker answered.
import { createInterface } from 'node:readline';
import { WebSocket } from 'ws';
import { createClient, NhiCardError } from '../../client-sdk/src/index.js';

// watch <url> <token> | probe <JSON list of attempts>
const [mode, url = '', token] = process.argv.slice(2);
const print = (line: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify(line)}\n`);
};

/** The `ws` WebSocket, keeping a copy of every frame received before the SDK decodes it. */
class RecordingWebSocket extends WebSocket {
  constructor(address: string, protocols?: string | string[]) {
    super(address, protocols);
    this.on('message', (data: Buffer, isBinary: boolean) =>
      print({
        kind: 'frame',
        binary: isBinary,
        text: Buffer.from(data).toString(isBinary ? 'base64' : 'utf8'),
      }),
    );
  }
}

/** One WebSocket attempt of `probe` mode. */
interface Attempt {
  url: string;
  token?: string;
  /** The local address to connect from (one of this namespace's). */
  from?: string;
}

/** How the broker answers one attempt: `hello`, `HTTP <status>` or `error <code>`. */
function attempt({ url, token, from }: Attempt): Promise<string> {
  const socket = new WebSocket(url, 'nhicard.v1.json', {
    ...(token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } }),
    ...(from === undefined ? {} : { localAddress: from }),
  });
  return new Promise((resolve) => {
    const done = (outcome: string): void => {
      socket.terminate();
      resolve(outcome);
    };
    socket.once('message', () => done('hello'));
    socket.once('unexpected-response', (_request, response) => done(`HTTP ${response.statusCode}`));
    socket.once('error', (error: NodeJS.ErrnoException) =>
      done(`error ${error.code ?? error.message}`),
    );
  });
}

if (mode === 'probe') {
  // The attempts run one after the other, each after the last one's answer.
  const outcomes: string[] = [];
  for (const one of JSON.parse(url) as Attempt[]) outcomes.push(await attempt(one));
  print({ kind: 'probe', outcomes });
  process.exit(0);
} else {
  const client = createClient({
    url,
    token,
    WebSocket: RecordingWebSocket as never,
    reconnect: { enabled: false },
    heartbeat: { enabled: false },
  });
  client.states().subscribe({
    next: (state) => print({ kind: 'state', state: state.status, scopes: client.hello?.scopes }),
  });
  client.on('*', (event) =>
    print({
      kind: 'event',
      topic: event.topic,
      seq: event.seq,
      reader: event.reader,
      resync: event.resync,
    }),
  );
  createInterface({ input: process.stdin }).on('line', (line) => {
    const { id, op, params } = JSON.parse(line) as { id: number; op: 'card.read'; params: never };
    client.request(op, params).then(
      () => print({ kind: 'result', id, ok: true }),
      (error: unknown) =>
        print({
          kind: 'result',
          id,
          ok: false,
          code: error instanceof NhiCardError ? error.code : String(error),
        }),
    );
  });
}
