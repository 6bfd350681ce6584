/**
 * The card host: a child process holding the emulated cards, so their sockets are served by
 * an event loop the PC/SC calls under test can never block. Driven over the IPC channel by
 * `CardHost` (card-host.ts); exits when the channel closes.
 */
import type { CardHostEnded, CardHostReply, CardHostRequest } from './card-host-messages.js';
import { EmulatedNhiCard } from './emulated-nhi-card.js';
import type { ApduExchange } from './vpcd-card-connection.js';
import { VpcdCardConnection } from './vpcd-card-connection.js';

const cards = new Map<number, VpcdCardConnection>();
const lastExchanges = new Map<number, ApduExchange[]>();

function send(message: CardHostReply | CardHostEnded): void {
  process.send?.(message);
}

async function handle(request: CardHostRequest): Promise<CardHostReply> {
  const { id, port } = request;
  switch (request.op) {
    case 'insert': {
      if (cards.has(port)) return { id, ok: false, error: `a card is already in port ${port}` };
      const card = new EmulatedNhiCard(request.behaviour);
      const connection = await VpcdCardConnection.open(port, card, request.quickAck);
      const atMs = performance.timeOrigin + performance.now();
      cards.set(port, connection);
      void connection.ended.then((reason) => {
        if (cards.get(port) === connection) cards.delete(port);
        lastExchanges.set(port, connection.exchanges);
        const endedAtMs = performance.timeOrigin + performance.now();
        send({ event: 'ended', port, reason, exchanges: connection.exchanges, atMs: endedAtMs });
      });
      return { id, ok: true, atMs };
    }
    case 'remove': {
      await cards.get(port)?.remove();
      return { id, ok: true };
    }
    case 'exchanges': {
      const live = cards.get(port);
      const exchanges = live?.exchanges ?? lastExchanges.get(port) ?? [];
      return { id, ok: true, exchanges, quickAck: live?.quickAck ?? true };
    }
  }
}

process.on('message', (request: CardHostRequest) => {
  handle(request).then(send, (error: unknown) => {
    send({
      id: request.id,
      ok: false,
      error: error instanceof Error ? error.message : String(error),
    });
  });
});
process.on('disconnect', () => process.exit(0));
