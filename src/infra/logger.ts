import { type DestinationStream, type Logger, pino } from 'pino';
import { traceFields } from './tracing-api';

export type { Logger };

/** JSON lines (the default: for log pipelines) or pino-pretty's coloured lines (for a developer's terminal). */
export type LogFormat = 'json' | 'pretty';

/**
 * Paths whose values are replaced by `[redacted]` wherever a log line carries them: credentials in headers, and
 * secrets under any of the names this codebase (or a library's error object) gives them, one or two levels deep.
 * The first line of defence is not to log them at all; this catches the line someone adds later.
 */
export const REDACTED_PATHS: readonly string[] = [
  'authorization',
  'cookie',
  'secret',
  'apiKey',
  'token',
  'password',
  'OPENAI_API_KEY',
  'COPYDESK_ADMIN_KEY',
  'COPYDESK_METRICS_TOKEN',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'headers.authorization',
  'headers.cookie',
  '*.authorization',
  '*.Authorization',
  '*.cookie',
  '*.secret',
  '*.previousSecret',
  '*.apiKey',
  '*.token',
  '*.password',
  '*.OPENAI_API_KEY',
  '*.COPYDESK_ADMIN_KEY',
  '*.COPYDESK_METRICS_TOKEN',
  '*.headers.authorization',
  '*.headers.Authorization',
  '*.headers.cookie',
  '*.*.headers.authorization',
];

/** pino-pretty as a synchronous stream, or undefined where it is not installed (it is a devDependency). */
function prettyStream(fd: number): DestinationStream | undefined {
  try {
    // Required lazily: production installs (`npm ci --omit=dev`) do not have it, and JSON needs nothing.
    const pretty = require('pino-pretty') as (options: Record<string, unknown>) => DestinationStream;
    return pretty({ destination: fd, sync: true, colorize: true, translateTime: 'SYS:HH:MM:ss.l' });
  } catch {
    return undefined;
  }
}

/** The root logger (on `fd`); modules take a child with their own `module` binding. */
export function createLogger(level: string, fd = 1, format: LogFormat = 'json'): Logger {
  const pretty = format === 'pretty' ? prettyStream(fd) : undefined;
  const logger = pino(
    {
      level,
      base: { service: 'copydesk' },
      // The active span's trace_id and span_id, when tracing is on (src/infra/tracing.ts).
      mixin: traceFields,
      redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
    },
    pretty ?? pino.destination({ fd, sync: fd === 2 }),
  );
  if (format === 'pretty' && !pretty) logger.warn('pino-pretty is not installed (a devDependency): logging JSON');
  return logger;
}
