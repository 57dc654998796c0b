import { type Logger, pino } from 'pino';
import { traceFields } from './tracing-api';

export type { Logger };

/** The root logger (JSON lines on `fd`); modules take a child with their own `module` binding. */
export function createLogger(level: string, fd = 1): Logger {
  return pino(
    {
      level,
      base: { service: 'copydesk' },
      // The active span's trace_id and span_id, when tracing is on (src/infra/tracing.ts).
      mixin: traceFields,
      redact: { paths: ['req.headers.authorization', '*.authorization', '*.secret'], censor: '[redacted]' },
    },
    pino.destination({ fd, sync: fd === 2 }),
  );
}
