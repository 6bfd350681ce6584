/**
 * @packageDocumentation The nhicard client SDK: promise requests, events by topic, reconnect
 * and resync, typed errors, for browsers and Node.
 */

// The protocol types the client's signatures use, so apps need not depend on the protocol.
export type {
  CardPresence,
  CardSectionsData,
  ErrorCode,
  HelloMessage,
  NativeErrorDetail,
  Op,
  OpParams,
  OpResult,
  ReaderInfo,
  ReaderStatus,
  Scope,
  SectionId,
  Topic,
  TopicData,
  TopicPattern,
  WireError,
} from '@nhicard/protocol';
export type { NhiCardClient, RequestArgs } from './client-api.js';
export type { ClientEvent, EventHandler, TopicsOf } from './client-event.js';
export type { ClientOptions, HeartbeatOptions, ReconnectOptions } from './client-options.js';
export type { ConnectRefusalCode } from './connect-refusal.js';
export {
  CLIENT_CLOSE_CODES,
  type CloseInfo,
  type ConnectionState,
  type ConnectionStatus,
} from './connection-state.js';
export { createClient } from './create-client.js';
export type { LocalNetworkPermission } from './local-network.js';
export { NhiCardError, type NhiCardErrorInit } from './nhicard-error.js';
export type { EventStream, Observer, Unsubscribable } from './observable.js';
export type { RequestOptions } from './request-registry.js';
export type {
  SocketCloseEvent,
  SocketMessageEvent,
  WebSocketConstructor,
  WebSocketLike,
} from './web-socket-like.js';
