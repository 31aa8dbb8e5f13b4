// A real node:http server on loopback that behaves like a rate-limited API, so a pipeline (or
// the package's demo and benchmarks) can be run against an exact, reproducible limit.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiSimulation, type Reply } from './ApiSimulation.js';
import type { SimulatedApi } from './SimulatedApi.js';
import type { SimulatedApiOptions } from './SimulatedApiOptions.js';
import { resolveSimulatedApiOptions } from './resolveSimulatedApiOptions.js';

/** How long close() lets a stalled connection (e.g. a half-sent body) linger before cutting it. */
const CLOSE_GRACE_MS = 1000;

/** The client's address as express-rate-limit keys it by default (an IPv4-mapped one as IPv4). */
const clientKey = (req: IncomingMessage): string =>
  (req.socket.remoteAddress ?? '').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');

/**
 * Starts the simulated API and resolves once it listens (see lib/sim/README.md for the contract).
 * POST a JSON row to `url`: 405 (not POST), 413 (too large), 503 (maxConcurrent in flight) and 429
 * (refused by the limiter) come at once; an admitted request waits its log-normal latency, then gets 500 or
 * 400 (simulated faults), 400 (not JSON) or 200 with `simulatedResult(row)`.
 *
 * Options are validated first: bad ones throw synchronously, before any port is bound, a
 * TypeError or RangeError naming each option, its rule and the value received.
 */
export function startSimulatedApi(options?: SimulatedApiOptions): Promise<SimulatedApi> {
  const o = resolveSimulatedApiOptions(options);
  const simulation = new ApiSimulation(o);
  let closing = false;

  const send = (res: ServerResponse, reply: Reply): void => {
    if (res.destroyed || res.writableEnded) return; // the client gave up; nothing to answer
    const text = JSON.stringify(reply.body);
    res.writeHead(reply.status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
      ...reply.headers,
      // Keep-alive as usual, except while closing: then the socket ends after this answer.
      ...(closing ? { connection: 'close' } : {}),
    });
    res.end(text);
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    // Read the whole body (even one that is refused) so the connection stays usable for keep-alive.
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= o.maxBodyBytes) chunks.push(chunk);
    });
    req.on('end', () => {
      const body = size <= o.maxBodyBytes ? Buffer.concat(chunks) : null;
      simulation.handle(req.method, body, (reply) => send(res, reply), clientKey(req));
    });
    req.on('error', () => res.destroy());
  });

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closed ??= new Promise<void>((resolve, reject) => {
      closing = true;
      server.close((error) => (error ? reject(error) : resolve()));
      simulation.flushPending();
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS).unref();
    }));

  return new Promise<SimulatedApi>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      const host = o.host.includes(':') ? `[${o.host}]` : o.host;
      resolve({ url: `http://${host}:${port}/`, port, close, stats: () => simulation.stats() });
    });
  });
}
