import { describe, expect, it } from 'vitest';
import { TopicSubscriptions } from './topic-subscriptions.js';

describe('TopicSubscriptions', () => {
  it('matches nothing until something is subscribed', () => {
    const subscriptions = new TopicSubscriptions();
    expect(subscriptions.matches('card.inserted')).toBe(false);
    expect(subscriptions.list()).toStrictEqual([]);
  });

  it('adds patterns once, matches by pattern, and removes exactly what was subscribed', () => {
    const subscriptions = new TopicSubscriptions();
    expect(subscriptions.add(['card.*', 'reader.attached', 'card.*'])).toStrictEqual([
      'card.*',
      'reader.attached',
    ]);
    expect(subscriptions.matches('card.read')).toBe(true);
    expect(subscriptions.matches('reader.detached')).toBe(false);
    // Removing an exact topic does not carve it out of a wildcard.
    expect(subscriptions.remove(['card.read'])).toStrictEqual(['card.*', 'reader.attached']);
    expect(subscriptions.matches('card.read')).toBe(true);
    expect(subscriptions.remove(['card.*'])).toStrictEqual(['reader.attached']);
    expect(subscriptions.matches('card.read')).toBe(false);
  });
});
