/**
 * @packageDocumentation Monitors over NATS: every workstation's readers, for screens that
 * watch a whole hospital (`@nhicard/client/nats`, or the `nhicard-nats.iife.js` `<script>`).
 */

export type { NatsPresenceEvent, ReaderStateRecord } from '@nhicard/protocol';
export {
  type NatsPresenceFeed,
  type NatsPresenceFeedOptions,
  type NatsPresenceHandlers,
  type ReaderStateChange,
  watchPresenceOverNats,
} from './presence-feed.js';
