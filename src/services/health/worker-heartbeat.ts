import type { Redis } from '../../infra/redis';

/** Where workers say they are alive: Redis keys with a TTL when configured, else this process's memory. */
export interface HeartbeatStore {
  beat(instance: string): Promise<void>;
  alive(): Promise<string[]>;
}

/** One key per worker, expiring after `ttlS`: a dead worker disappears on its own. */
export class RedisHeartbeats implements HeartbeatStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlS: number,
  ) {}

  async beat(instance: string): Promise<void> {
    await this.redis.set(`${this.prefix}:worker-heartbeat:${instance}`, new Date().toISOString(), 'EX', this.ttlS);
  }

  async alive(): Promise<string[]> {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await this.redis.scan(cursor, 'MATCH', `${this.prefix}:worker-heartbeat:*`, 'COUNT', 100);
      cursor = next;
      keys.push(...found);
    } while (cursor !== '0');
    return keys.map((key) => key.slice(`${this.prefix}:worker-heartbeat:`.length));
  }
}

/** Without Redis, jobs run in this process only, so only this process's worker counts. */
export class MemoryHeartbeats implements HeartbeatStore {
  private readonly beats = new Map<string, number>();

  constructor(private readonly ttlS: number) {}

  async beat(instance: string): Promise<void> {
    this.beats.set(instance, Date.now());
  }

  async alive(): Promise<string[]> {
    const since = Date.now() - this.ttlS * 1000;
    return [...this.beats].filter(([, at]) => at >= since).map(([instance]) => instance);
  }
}
