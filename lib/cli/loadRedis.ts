// The CLI's link to node-redis, an optional peer: loaded only when --redis is given, so a run that
// paces alone needs nothing more than the package itself.
import type { NodeRedisScripting } from '../redis/fromNodeRedis.js';

/** What the CLI uses of a node-redis v5 client. */
export interface RedisClient extends NodeRedisScripting {
  connect(): Promise<unknown>;
  close(): Promise<unknown>;
  destroy(): void;
  on(event: 'error', listener: (error: unknown) => void): unknown;
}

export interface RedisClientOptions {
  url: string;
  disableOfflineQueue: boolean;
  socket: { connectTimeout: number; reconnectStrategy: (retries: number) => number };
}

export type CreateRedisClient = (options: RedisClientOptions) => RedisClient;

/**
 * node-redis's `createClient`, or an error saying how to install it. `specifier` is for the specs
 * (a package that is not there).
 */
export async function loadRedis(specifier = 'redis'): Promise<CreateRedisClient> {
  let loaded: { createClient?: unknown };
  try {
    loaded = (await import(specifier)) as { createClient?: unknown };
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') {
      throw new Error('`--redis` needs the redis package (node-redis v5): npm install redis', {
        cause: error,
      });
    }
    throw error;
  }
  if (typeof loaded.createClient !== 'function') {
    throw new Error(`\`--redis\`: the ${specifier} package has no createClient: install node-redis v5`);
  }
  // The client's generic command types are not worth spelling out for the four methods used.
  return loaded.createClient as CreateRedisClient;
}
