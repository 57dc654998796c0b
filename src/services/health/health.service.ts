import type { MikroORM } from '@mikro-orm/postgresql';
import type { Redis } from '../../infra/redis';

export type CheckStatus = 'ok' | 'down';

export interface CheckResult {
  status: CheckStatus;
  latencyMs: number;
  message?: string;
}

export interface Readiness {
  status: 'ok' | 'unavailable';
  checks: Record<string, CheckResult>;
}

const CHECK_TIMEOUT_MS = 2_000;

async function timed(check: () => Promise<unknown>): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { status: 'ok', latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { status: 'down', latencyMs: Math.round((performance.now() - started) * 10) / 10, message };
  } finally {
    clearTimeout(timer);
  }
}

/** Answers /readyz: the database and, when configured, Redis must answer; a draining server is not ready. */
export class HealthService {
  private draining = false;

  constructor(
    private readonly orm: MikroORM,
    private readonly redis?: Redis,
  ) {}

  markDraining(): void {
    this.draining = true;
  }

  async readiness(): Promise<Readiness> {
    const checks: Record<string, CheckResult> = {
      database: await timed(() => this.orm.em.getConnection().execute('select 1')),
    };
    if (this.redis) {
      const redis = this.redis;
      checks.redis = await timed(() => redis.ping());
    }
    if (this.draining) checks.server = { status: 'down', latencyMs: 0, message: 'shutting down' };
    const ready = Object.values(checks).every((check) => check.status === 'ok');
    return { status: ready ? 'ok' : 'unavailable', checks };
  }
}
