// The shared gate of a `--redis` run: a node-redis client, the RedisGateStore over it, and the
// pool option that joins the gate; joined before the first row so a settings mismatch stops the
// run before anything is sent.
import { hostname } from 'node:os';
import { RedisGateStore } from '../redis/RedisGateStore.js';
import type { SharedGate } from '../shared/SharedGate.js';
import { SharedGateConfigError } from '../shared/SharedGateConfigError.js';
import type { SharedGateOptions } from '../shared/SharedGateOptions.js';
import { loadRedis } from './loadRedis.js';
import type { SharedGateFlags } from './sharedGateFlags.js';

/** How long the start waits for Redis before going on alone (it keeps trying meanwhile). */
const CONNECT_WAIT_MS = 1000;
/** Reconnection attempts: quickly at first, then about once a second for as long as it takes. */
const reconnectDelay = (retries: number): number => Math.min(100 * 2 ** retries, 1000);

export type JoinOutcome =
  | { kind: 'joined' }
  /** Redis did not answer: the run goes on alone and joins when it does. */
  | { kind: 'unreachable'; reason: string }
  | { kind: 'mismatch'; message: string };

export interface RedisGate {
  /** The pool option (`PoolOptions.sharedGate`). */
  readonly options: SharedGateOptions;
  /** Connects (waiting a second at most) and joins the gate through the pool's handle. */
  join(gate: SharedGate): Promise<JoinOutcome>;
  /** Lets the last report go out (a second at most), then closes the connection. */
  close(): Promise<void>;
}

export async function openRedisGate(flags: SharedGateFlags): Promise<RedisGate> {
  const createClient = await loadRedis();
  const client = createClient({
    url: flags.redisUrl,
    // Commands made while disconnected fail at once: queued, they would all go out together on
    // reconnection, a burst of stale reservations. The pool paces alone meanwhile.
    disableOfflineQueue: true,
    socket: { connectTimeout: CONNECT_WAIT_MS, reconnectStrategy: reconnectDelay },
  });
  // A lost connection is an 'error' event: unheard, it would end the process. The pool notices
  // the outage through its own requests and says so once (watchSharedGate).
  client.on('error', () => undefined);
  const connecting = client.connect().then(
    () => true,
    () => false,
  );
  const store = new RedisGateStore(client);
  return {
    options: {
      store,
      name: flags.gate,
      worker: `${hostname()}:${process.pid}`,
      whenUnavailable: flags.whenDown,
    },
    async join(gate) {
      await within(connecting, CONNECT_WAIT_MS);
      try {
        await gate.connect();
        return { kind: 'joined' };
      } catch (error) {
        if (error instanceof SharedGateConfigError) return { kind: 'mismatch', message: error.message };
        return { kind: 'unreachable', reason: error instanceof Error ? error.message : String(error) };
      }
    },
    async close() {
      await within(
        client.close().catch(() => undefined),
        CONNECT_WAIT_MS,
      );
      try {
        client.destroy();
      } catch {
        // Already closed.
      }
    },
  };
}

/** `promise`, or undefined once `ms` have passed (the timer does not keep the process up). */
function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let cancel = (): void => undefined;
  const late = new Promise<undefined>((resolve) => {
    const timer = setTimeout(resolve, ms);
    cancel = () => clearTimeout(timer);
  });
  return Promise.race([promise, late]).finally(cancel);
}
