import type { Redis } from 'ioredis';

/**
 * Short-lived string fields per key, shared by every process that sees the same Redis (in memory otherwise): the
 * live state of a running job's stream, so a subscriber that joins late can catch up. Entries expire on their own.
 */
export interface Scratchpad {
  set(key: string, fields: Record<string, string>): Promise<void>;
  /** Adds 1 to a numeric field (missing = 0) and returns the new value. */
  increment(key: string, field: string): Promise<number>;
  remove(key: string, fields: string[]): Promise<void>;
  read(key: string): Promise<Record<string, string>>;
  clear(key: string): Promise<void>;
}

/** A Redis hash per key, expiring `ttlSeconds` after its last write. */
export class RedisScratchpad implements Scratchpad {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlSeconds: number,
  ) {}

  private name(key: string): string {
    return `${this.prefix}:scratch:${key}`;
  }

  async set(key: string, fields: Record<string, string>): Promise<void> {
    if (Object.keys(fields).length === 0) return;
    await this.redis.multi().hset(this.name(key), fields).expire(this.name(key), this.ttlSeconds).exec();
  }

  async increment(key: string, field: string): Promise<number> {
    const [[, value] = []] =
      (await this.redis.multi().hincrby(this.name(key), field, 1).expire(this.name(key), this.ttlSeconds).exec()) ?? [];
    return Number(value);
  }

  async remove(key: string, fields: string[]): Promise<void> {
    if (fields.length > 0) await this.redis.hdel(this.name(key), ...fields);
  }

  read(key: string): Promise<Record<string, string>> {
    return this.redis.hgetall(this.name(key));
  }

  async clear(key: string): Promise<void> {
    await this.redis.del(this.name(key));
  }
}

/** One process, no Redis: a map, emptied by `clear` (jobs clear theirs when they end). */
export class MemoryScratchpad implements Scratchpad {
  private readonly entries = new Map<string, Map<string, string>>();

  private entry(key: string): Map<string, string> {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = new Map();
      this.entries.set(key, entry);
    }
    return entry;
  }

  async set(key: string, fields: Record<string, string>): Promise<void> {
    const entry = this.entry(key);
    for (const [field, value] of Object.entries(fields)) entry.set(field, value);
  }

  async increment(key: string, field: string): Promise<number> {
    const entry = this.entry(key);
    const value = Number(entry.get(field) ?? 0) + 1;
    entry.set(field, String(value));
    return value;
  }

  async remove(key: string, fields: string[]): Promise<void> {
    const entry = this.entries.get(key);
    for (const field of fields) entry?.delete(field);
  }

  async read(key: string): Promise<Record<string, string>> {
    return Object.fromEntries(this.entries.get(key) ?? []);
  }

  async clear(key: string): Promise<void> {
    this.entries.delete(key);
  }
}
