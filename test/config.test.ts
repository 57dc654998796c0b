import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/infra/config';
import { killStartedProcesses, makeTempDir, removeTempDir, runCli, STACK_FRAME } from './support/process';

afterEach(killStartedProcesses);

/** The ConfigError that `parseConfig(env)` throws. */
function configError(env: Record<string, string>): ConfigError {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`parseConfig accepted ${JSON.stringify(env)}`);
}

describe('parseConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      PORT: 4000,
      HOST: '127.0.0.1',
      COPYDESK_DATA_DIR: './.copydesk',
      COPYDESK_PROVIDER: 'auto',
      COPYDESK_MODEL: 'gpt-4o-mini',
      LOG_LEVEL: 'info',
    });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.COPYDESK_ADMIN_KEY).toBeUndefined();
  });

  it('reads valid values', () => {
    const config = parseConfig({
      PORT: '0',
      DATABASE_URL: 'postgresql://u@db:5432/copydesk',
      REDIS_URL: 'rediss://cache:6380/1',
      COPYDESK_PROVIDER: 'offline',
      COPYDESK_ADMIN_KEY: 'k'.repeat(32),
      LOG_LEVEL: 'debug',
    });
    expect(config).toMatchObject({
      PORT: 0,
      DATABASE_URL: 'postgresql://u@db:5432/copydesk',
      REDIS_URL: 'rediss://cache:6380/1',
      COPYDESK_PROVIDER: 'offline',
      COPYDESK_ADMIN_KEY: 'k'.repeat(32),
      LOG_LEVEL: 'debug',
    });
  });

  it('returns a frozen object', () => {
    expect(Object.isFrozen(parseConfig({}))).toBe(true);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['REDIS_URL', 'http://x'],
    ['COPYDESK_PROVIDER', 'foo'],
    ['LOG_LEVEL', 'loud'],
    ['COPYDESK_ADMIN_KEY', 'too-short'],
  ])('refuses %s=%s with a ConfigError naming the variable', (name, value) => {
    expect(configError({ [name]: value }).message).toContain(`${name}:`);
  });

  it('names every bad variable in one error', () => {
    const { message } = configError({ PORT: 'abc', LOG_LEVEL: 'loud' });
    expect(message).toContain('PORT:');
    expect(message).toContain('LOG_LEVEL:');
  });

  it('counts blank strings as unset', () => {
    const config = parseConfig({ DATABASE_URL: '', REDIS_URL: '  ', COPYDESK_ADMIN_KEY: '', OPENAI_BASE_URL: ' ' });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.COPYDESK_ADMIN_KEY).toBeUndefined();
    expect(config.OPENAI_BASE_URL).toBeUndefined();
  });
});

describe('copydesk serve with a bad variable', () => {
  it('exits 1 naming the variable on stderr, without a stack trace', async () => {
    // A data dir of its own, so a regression that starts the embedded database anyway leaves the repository alone.
    const dataDir = makeTempDir();
    const result = await runCli(['serve'], { PORT: 'abc', COPYDESK_DATA_DIR: dataDir }).finally(() =>
      removeTempDir(dataDir),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('PORT');
    expect(result.stderr).not.toMatch(STACK_FRAME);
    expect(result.stdout).toBe('');
  });
});
