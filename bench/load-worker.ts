import autocannon from 'autocannon';
import type { LoadOptions, LoadResult } from './load';

/**
 * Runs one autocannon load in its own process, so the load generator does not share an event loop with the server
 * it measures. Receives LoadOptions over IPC, answers with a LoadResult, then exits.
 */

/** A good answer is data without errors; checked cheaply on every response. */
function isGoodBody(body: string): boolean {
  return body.startsWith('{"data":{') && !body.includes('"errors":');
}

async function run(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationSeconds,
    method: 'POST',
    headers: options.headers,
    body: options.body,
    verifyBody: isGoodBody,
  });
  return {
    requestsPerSecond: result.requests.average,
    completed: result.requests.total,
    durationSeconds: result.duration,
    latencyAvgMs: result.latency.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    latencyMaxMs: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    mismatches: result.mismatches,
  };
}

process.once('message', (options: LoadOptions) => {
  run(options).then(
    (result) => process.send?.({ ok: true, result }, undefined, undefined, () => process.exit(0)),
    (error: unknown) =>
      process.send?.({ ok: false, error: String(error) }, undefined, undefined, () => process.exit(1)),
  );
});

// The bench died or was interrupted: stop loading a server that is going away.
process.once('disconnect', () => process.exit(1));
