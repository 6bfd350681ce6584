import { type Topic, type TopicPattern, topicMatches } from '@nhicard/protocol';

/**
 * The topic patterns one connection subscribed to. A new connection has none: it receives
 * only responses (and `server.shutdown`) until it subscribes.
 */
export class TopicSubscriptions {
  private readonly patterns = new Set<TopicPattern>();

  /** Adds patterns; returns the whole subscription after the change. */
  add(patterns: readonly TopicPattern[]): TopicPattern[] {
    for (const pattern of patterns) this.patterns.add(pattern);
    return this.list();
  }

  /** Removes patterns exactly as they were subscribed; returns the subscription after. */
  remove(patterns: readonly TopicPattern[]): TopicPattern[] {
    for (const pattern of patterns) this.patterns.delete(pattern);
    return this.list();
  }

  /** The subscribed patterns, in the order they were first added. */
  list(): TopicPattern[] {
    return [...this.patterns];
  }

  /** Whether an event on `topic` goes to this connection. */
  matches(topic: Topic): boolean {
    for (const pattern of this.patterns) {
      if (topicMatches(pattern, topic)) return true;
    }
    return false;
  }
}
