/**
 * The API's Prometheus metrics: requests by route pattern (never the address itself: a consent token in a path is a
 * credential) and status, and their latency, with Node's process metrics; and open cases by stage, overdue and
 * escalated, read from the registry at each scrape (./case-metrics.ts). Every API process reports the same case
 * figures: a dashboard takes their max, not their sum. Served on a port of their own (API_METRICS_PORT), not beside
 * the API's routes, so that a scraper needs no API key and the public never sees them.
 */
import { createServer, type Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { Db } from '../registry/db';
import { registerCaseGauges } from './case-metrics';

export interface ApiMetrics {
  registry: Registry;
  /** Counts and times every answer the app gives. */
  record(app: FastifyInstance): void;
  /** Reports the registry's case figures at each scrape. */
  readCases(db: Db): void;
}

export function createApiMetrics(): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'homeward_api_' });
  const requests = new Counter({
    name: 'homeward_api_requests_total',
    help: 'Requests answered, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'homeward_api_request_duration_seconds',
    help: 'Time to answer a request, by method and route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return {
    registry,
    readCases: (db) => registerCaseGauges(registry, db),
    record(app) {
      app.addHook('onResponse', async (request, reply) => {
        const route = request.routeOptions.url ?? '(no route)';
        requests.inc({ method: request.method, route, status: String(reply.statusCode) });
        latency.observe({ method: request.method, route }, reply.elapsedTime / 1000);
      });
    },
  };
}

/** GET /metrics in Prometheus's text format; anything else is 404. */
export function serveMetrics(registry: Registry, port: number, host: string): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.url !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
      () => response.writeHead(500).end(),
    );
  });
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => done(server));
  });
}
