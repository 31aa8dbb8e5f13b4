// express-rate-limit, the most used rate limiter of Express apps, as a real server for the limiter
// benchmark: its default MemoryStore (a fixed window from the first request), in front of a route
// that answers after the same seeded log-normal latency as the simulated API. Counts are taken
// at this server: what the limiter admitted and refused, not what a client believes.
import express from 'express';
import { rateLimit } from 'express-rate-limit';
import type { AddressInfo } from 'node:net';
import { createRandom, logNormalSampler } from '../lib/sim/latency.js';
import type { LimitServer } from './limiterFamilies.js';

export interface ExpressLimitOptions {
  limit: number;
  windowMs: number;
  standardHeaders: false | 'draft-6' | 'draft-7' | 'draft-8';
  legacyHeaders: boolean;
  latency: { medianMs: number; p99Ms: number };
}

export async function startExpressRateLimit(o: ExpressLimitOptions): Promise<LimitServer> {
  const counts = { accepted: 0, refused: 0 };
  const latency = logNormalSampler(o.latency.medianMs, o.latency.p99Ms, createRandom(1));
  const app = express();
  app.use(
    rateLimit({
      limit: o.limit,
      windowMs: o.windowMs,
      standardHeaders: o.standardHeaders,
      legacyHeaders: o.legacyHeaders,
      handler: (_req, res, _next, options) => {
        counts.refused++;
        res.status(options.statusCode).send(options.message);
      },
    }),
  );
  app.use(express.json());
  app.post('/', (req, res) => {
    counts.accepted++;
    setTimeout(() => res.json({ echo: req.body as unknown }), latency());
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    windowOrigin: 'first-request',
    counts: () => ({ ...counts }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
