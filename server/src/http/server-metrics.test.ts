import { describe, expect, it } from 'vitest';
import { ServerMetrics } from './server-metrics.js';

/** The sample lines of `name` in the registry's text, in order. */
async function samples(metrics: ServerMetrics, name: string): Promise<string[]> {
  const text = await metrics.registry.metrics();
  return text.split('\n').filter((line) => line.startsWith(`${name}{`));
}

describe('ServerMetrics', () => {
  it('counts answered requests and their error codes at each read, none twice', async () => {
    const metrics = new ServerMetrics(() => []);
    for (let index = 0; index < 3; index += 1) metrics.requestAnswered('card.read', 'ok');
    metrics.requestAnswered('card.read', 'NO_CARD');
    metrics.requestAnswered('ping', 'RATE_LIMITED');
    metrics.eventPublished('card.error', 'NO_CARD');
    // Two NO_CARD (an answer and an event) and a RATE_LIMITED, on every read: none counted twice.
    const errors = [
      'nhicard_errors_total{code="NO_CARD"} 2',
      'nhicard_errors_total{code="RATE_LIMITED"} 1',
    ];
    expect(await samples(metrics, 'nhicard_requests_total')).toStrictEqual([
      'nhicard_requests_total{op="card.read",outcome="ok"} 3',
      'nhicard_requests_total{op="card.read",outcome="NO_CARD"} 1',
      'nhicard_requests_total{op="ping",outcome="RATE_LIMITED"} 1',
    ]);
    expect(await samples(metrics, 'nhicard_errors_total')).toStrictEqual(errors);
    metrics.requestAnswered('card.read', 'ok');
    expect(await samples(metrics, 'nhicard_requests_total')).toStrictEqual([
      'nhicard_requests_total{op="card.read",outcome="ok"} 4',
      'nhicard_requests_total{op="card.read",outcome="NO_CARD"} 1',
      'nhicard_requests_total{op="ping",outcome="RATE_LIMITED"} 1',
    ]);
    expect(await samples(metrics, 'nhicard_errors_total')).toStrictEqual(errors);
  });
});
