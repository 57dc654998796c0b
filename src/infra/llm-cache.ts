import { LRUCache } from 'lru-cache';
import type { Logger } from './logger';
import type { Redis } from './redis';

/**
 * Where validated model answers are kept, by request key. Implementations never throw: a cache that fails (Redis
 * down) logs and answers "not cached", so a generation goes to the model instead of failing.
 */
export interface LlmCache {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlS: number): Promise<void>;
}

/** A cache that keeps nothing (COPYDESK_CACHE_TTL_S=0). */
export class NoLlmCache implements LlmCache {
  async get(): Promise<string | null> {
    return null;
  }
  async set(): Promise<void> {}
}

const DOWN = new Set(['reconnecting', 'close', 'end']);

/** Answers in Redis under `<prefix>:llm:<key>` with a TTL, shared by every API and worker process. */
export class RedisLlmCache implements LlmCache {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {}

  async get(key: string): Promise<string | null> {
    if (this.down) return null;
    try {
      return await this.redis.get(this.keyOf(key));
    } catch (error) {
      this.logger.warn({ err: error }, 'the LLM cache could not be read; asking the model');
      return null;
    }
  }

  async set(key: string, value: string, ttlS: number): Promise<void> {
    if (ttlS <= 0 || this.down) return;
    try {
      await this.redis.set(this.keyOf(key), value, 'EX', ttlS);
    } catch (error) {
      this.logger.warn({ err: error }, 'the LLM cache could not be written');
    }
  }

  /** Lost its connection: skip the cache at once rather than wait for ioredis's reconnection retries on each call. */
  private get down(): boolean {
    return DOWN.has(this.redis.status);
  }

  private keyOf(key: string): string {
    return `${this.prefix}:llm:${key}`;
  }
}

/** An in-process LRU for embedded mode, bounded by entries and by characters held. */
export class MemoryLlmCache implements LlmCache {
  private readonly lru: LRUCache<string, string>;

  constructor(options: { maxEntries: number; maxChars: number }) {
    this.lru = new LRUCache<string, string>({
      max: options.maxEntries,
      maxSize: options.maxChars,
      sizeCalculation: (value, key) => Math.max(1, value.length + key.length),
    });
  }

  async get(key: string): Promise<string | null> {
    return this.lru.get(key) ?? null;
  }

  async set(key: string, value: string, ttlS: number): Promise<void> {
    if (ttlS <= 0) return;
    this.lru.set(key, value, { ttl: ttlS * 1000 });
  }
}
