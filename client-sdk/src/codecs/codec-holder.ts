import type { Codec } from '@nhicard/protocol';
import { loadCodec } from './load-codec.js';

/**
 * The codec a client speaks, loaded once. JSON is there at once; MessagePack may arrive
 * later (a dynamic import), and a failed load (a chunk that did not download) is tried
 * again by the next connection attempt. A build without the codec throws at construction.
 */
export class CodecHolder {
  private loaded: Codec | null = null;
  private loading: Promise<Codec> | null = null;

  constructor(private readonly name: 'json' | 'msgpack') {
    this.start();
  }

  /** The codec, once loaded. */
  get codec(): Codec | null {
    return this.loaded;
  }

  /** Resolves with the codec; a rejection starts a fresh load for the next caller. */
  whenLoaded(): Promise<Codec> {
    if (this.loaded !== null) return Promise.resolve(this.loaded);
    const loading = this.loading ?? this.start();
    return loading.catch((error: unknown) => {
      this.loading = null;
      throw error;
    });
  }

  private start(): Promise<Codec> {
    const result = loadCodec(this.name);
    if (!(result instanceof Promise)) {
      this.loaded = result;
      return Promise.resolve(result);
    }
    const loading = result.then((codec) => {
      this.loaded = codec;
      return codec;
    });
    // Failures surface through whenLoaded(); this keeps an early one from being unhandled.
    loading.catch(() => {});
    this.loading = loading;
    return loading;
  }
}
