import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { type MetricsSource, metricsHandler } from './http';

/** A worker's own metrics port (COPYDESK_METRICS_PORT): GET /metrics and /healthz, nothing else. */
export async function startMetricsServer(props: {
  host: string;
  port: number;
  source: MetricsSource;
}): Promise<{ url: string; close(): Promise<void> }> {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', metricsHandler(props.source));
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(props.port, props.host, resolve);
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
