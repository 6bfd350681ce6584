import type { EventMessage, Topic, TopicPattern } from '@nhicard/protocol';

/** The topics a pattern selects: `card.*` → every `card.` topic, `*` → all of them. */
export type TopicsOf<P extends TopicPattern> = P extends '*'
  ? Topic
  : P extends `${infer Prefix}.*`
    ? Extract<Topic, `${Prefix}.${string}`>
    : Extract<P, Topic>;

/**
 * An event as the app receives it: the broker's event (`topic`, `seq`, `time`, `reader`,
 * `data`, typed by topic), plus `resync`.
 */
export type ClientEvent<T extends Topic = Topic> = {
  [K in T]: Omit<EventMessage<K>, 'type'> & {
    /**
     * `false` for an event the broker sent. `true` for one the client derived from a
     * snapshot after it (re)connected or saw a gap in `seq`: something that happened while
     * it was not listening (a card removed, a reader attached). Such an event's `seq` is the
     * snapshot's; its `time` is when the snapshot says the state began, when known.
     */
    resync: boolean;
  };
}[T];

/** A handler for events of the topics `P` selects. */
export type EventHandler<P extends TopicPattern> = (event: ClientEvent<TopicsOf<P>>) => void;
