/**
 * The client side of bench/insertion-latency.ts, in a process of its own: a plain WebSocket
 * client of protocol 1 (JSON), so it measures any broker that speaks it, an older commit's
 * included. It inserts a demo card with `sim.insert` and times, from sending the insert:
 * `card.inserted`; the first `card.read` event holding basic; and a `card.read` request for
 * basic sent as soon as `card.inserted` arrived. Then it removes the card and waits for the
 * removal before the next insertion.
 *
 * When in the poll cycle a card goes in decides most of its `card.inserted` time (anything from
 * 0 to a whole poll), so purely random moments leave the mean with a standard error of about
 * poll / √(12 n): 15 ms for 24 insertions at a 250 ms poll, more than the target's margin. The
 * insertions are therefore stratified: the cycle is cut into as many equal slices as there are
 * insertions, and each insertion goes in at a random moment of its own slice (in a shuffled
 * order). The cycle is located from `card.removed`, which the broker sends from a poll tick; an
 * untimed insertion and removal first gives the first one, and warms both processes up. The mean
 * stays that of a card going in at any moment, with a sampling error about n times smaller.
 *
 * Usage: `node --import tsx bench/insertion-client.helpers.ts <ws-url> <origin> <insertions> <pollMs>`;
 * prints one JSON line `{ inserted: number[], basicEvent: number[], basicRequest: number[] }`.
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

interface Message {
  type: string;
  id?: number;
  topic?: string;
  ok?: boolean;
  data?: { sections?: { basic?: unknown }; pending?: unknown };
  error?: { code: string; message: string };
}

const [url, origin, countText, pollText] = process.argv.slice(2);
if (url === undefined || origin === undefined) {
  throw new Error('usage: insertion-client.helpers.ts <ws-url> <origin> <insertions> <pollMs>');
}
const insertions = Number(countText ?? 8);
const pollMs = Number(pollText ?? 250);

const socket = new WebSocket(url, ['nhicard.v1.json'], { origin });
const waiters = new Set<(message: Message) => boolean>();
socket.on('message', (frame) => {
  const message = JSON.parse(String(frame)) as Message;
  for (const waiter of [...waiters]) if (waiter(message)) waiters.delete(waiter);
});

/** Resolves with the first message `match` accepts from now on (a 30 s limit). */
function next(match: (message: Message) => boolean, what: string): Promise<Message> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      waiters.delete(waiter);
      reject(new Error(`no ${what} within 30 s`));
    }, 30_000);
    const waiter = (message: Message): boolean => {
      if (!match(message)) return false;
      clearTimeout(timer);
      resolve(message);
      return true;
    };
    waiters.add(waiter);
  });
}

let lastId = 0;
function request(op: string, params: Record<string, unknown>): Promise<Message> {
  lastId += 1;
  const id = lastId;
  const answer = next(
    (message) => message.type === 'response' && message.id === id,
    `${op} #${id}`,
  );
  socket.send(JSON.stringify({ type: 'request', id, op, params }));
  return answer.then((message) => {
    if (!message.ok) throw new Error(`${op}: ${message.error?.code} ${message.error?.message}`);
    return message;
  });
}

const event = (topic: string, extra: (message: Message) => boolean = () => true) =>
  next((message) => message.type === 'event' && message.topic === topic && extra(message), topic);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

await next((message) => message.type === 'hello', 'hello');
await request('subscribe', { topics: ['card.*'] });

/** The slices of the poll cycle, in random order (Fisher–Yates). */
const slices = Array.from({ length: insertions }, (_, slice) => slice);
for (let last = slices.length - 1; last > 0; last -= 1) {
  const other = Math.floor(Math.random() * (last + 1));
  [slices[last], slices[other]] = [slices[other] ?? 0, slices[last] ?? 0];
}

/** Inserts and removes the card once; resolves just after the tick that saw the removal. */
async function insertAndRemove(): Promise<void> {
  const finalRead = event('card.read', (message) => message.data?.pending === undefined);
  await request('sim.insert', { card: 'adult' });
  await finalRead;
  const removed = event('card.removed');
  await request('sim.remove', {});
  await removed;
}

await insertAndRemove();
const inserted: number[] = [];
const basicEvent: number[] = [];
const basicRequest: number[] = [];
for (const slice of slices) {
  // A random moment of this insertion's slice, counted from the tick that saw the removal.
  await sleep(((slice + Math.random()) / insertions) * pollMs);
  const insertedEvent = event('card.inserted');
  const basicRead = event('card.read', (message) => message.data?.sections?.basic !== undefined);
  const finalRead = event('card.read', (message) => message.data?.pending === undefined);
  const startMs = performance.now();
  const insert = request('sim.insert', { card: 'adult' });
  await insertedEvent;
  inserted.push(performance.now() - startMs);
  const asked = request('card.read', { sections: ['basic'] }).then(() => {
    basicRequest.push(performance.now() - startMs);
  });
  await basicRead;
  basicEvent.push(performance.now() - startMs);
  await Promise.all([insert, asked, finalRead]);
  const removed = event('card.removed');
  await request('sim.remove', {});
  await removed;
}
socket.close();
console.log(JSON.stringify({ inserted, basicEvent, basicRequest }));
