import { describe, expect, it } from 'vitest';
import { isTopicPattern, TOPICS, type Topic, type TopicPattern, topicMatches } from './topics.js';

describe('topicMatches', () => {
  const matching = (pattern: TopicPattern): Topic[] =>
    TOPICS.filter((topic) => topicMatches(pattern, topic));

  it('matches every topic with *', () => {
    expect(matching('*')).toStrictEqual([...TOPICS]);
  });

  it('matches a family with its prefix pattern', () => {
    expect(matching('card.*')).toStrictEqual([
      'card.inserted',
      'card.removed',
      'card.reading',
      'card.pin',
      'card.read',
      'card.error',
    ]);
    expect(matching('reader.*')).toStrictEqual(['reader.attached', 'reader.detached']);
  });

  it('matches an exact topic only itself (card.read is not card.reading)', () => {
    expect(matching('card.read')).toStrictEqual(['card.read']);
    expect(matching('server.shutdown')).toStrictEqual(['server.shutdown']);
  });

  it('knows which strings are patterns', () => {
    expect(isTopicPattern('card.*')).toBe(true);
    expect(isTopicPattern('server.*')).toBe(false);
    expect(isTopicPattern('card.**')).toBe(false);
  });
});
