import type { TopicData } from '@nhicard/protocol';
import type { Logger } from 'pino';
import type { Subscription } from 'rxjs';
import type { Broker, BrokerEvent } from '../core/broker.js';
import type { ServerMetrics } from '../http/server-metrics.js';

function logEvent(logger: Logger, event: BrokerEvent): void {
  // Topic, seq and reader only: event data holds card data.
  const fields = { seq: event.seq, topic: event.topic, reader: event.reader };
  if (event.topic === 'card.error') {
    const { error, section } = event.data as TopicData['card.error'];
    logger.warn({ ...fields, code: error.code, section, nativeCode: error.native?.code }, 'event');
  } else {
    logger.debug(fields, 'event');
  }
}

/**
 * Counts every event the broker publishes in the metrics (card errors by code) and logs it:
 * `card.error` as a warning, the rest at debug level, never with the card data.
 */
export function logBrokerEvents(
  broker: Broker,
  logger: Logger,
  metrics: ServerMetrics,
): Subscription {
  return broker.events$.subscribe((event) => {
    const code =
      event.topic === 'card.error' ? (event.data as TopicData['card.error']).error.code : undefined;
    metrics.eventPublished(event.topic, code);
    logEvent(logger, event);
  });
}
