import { renderValue } from '../config/renderValue.js';
import { PoolConfigError } from '../config/PoolConfigError.js';
import type { GateStore } from './GateStore.js';

/** How a pool joins a gate shared with other processes (`PoolOptions.sharedGate`). */
export interface SharedGateOptions {
  /** Where the gate lives: `RedisGateStore` (rxjs-pooled-map/redis) or a `MemoryGateStore`. */
  readonly store: GateStore;
  /** The gate's name: pools that call one API under one quota use one name. */
  readonly name: string;
  /** This pool's id among the gate's workers; default a random one. */
  readonly worker?: string;
  /** Slots are reserved at most this far ahead per round trip (default 50 ms). */
  readonly horizonMs?: number;
  /** A worker that has not been heard of for this long no longer counts (default 10 000 ms). */
  readonly leaseMs?: number;
  /** A round trip slower than this counts as the store being unavailable (default 1000 ms). */
  readonly timeoutMs?: number;
  /** While unavailable, ask again this often (default 1000 ms). */
  readonly retryMs?: number;
  /**
   * While the store is unavailable: `'local'` (default) goes on alone at its share of the last
   * shared pace, with its own AIMD; `'pause'` dispatches nothing until the store is back, for
   * quotas where overshooting costs more than waiting (rows still end by their deadlines).
   */
  readonly whenUnavailable?: 'local' | 'pause';
}

export type ResolvedSharedGate = Required<SharedGateOptions>;

const durations = ['horizonMs', 'leaseMs', 'timeoutMs', 'retryMs'] as const;
const defaults = { horizonMs: 50, leaseMs: 10_000, timeoutMs: 1000, retryMs: 1000 };

/** Checks the option when the pool is created; every problem in one `PoolConfigError`. */
export function resolveSharedGate(options: unknown): ResolvedSharedGate {
  const problems: string[] = [];
  const problem = (name: string, rule: string, value: unknown): void => {
    problems.push(`\`sharedGate.${name}\` must be ${rule}, received ${renderValue(value)}`);
  };
  if (typeof options !== 'object' || options === null) {
    throw new PoolConfigError([
      `\`sharedGate\` must be an object with a store and a name, received ${renderValue(options)}`,
    ]);
  }
  const o = options as Partial<Record<keyof SharedGateOptions, unknown>>;
  if (typeof (o.store as GateStore | undefined)?.sync !== 'function') {
    problem('store', 'a GateStore (with a sync method)', o.store);
  }
  if (typeof o.name !== 'string' || o.name.length === 0) problem('name', 'a non-empty string', o.name);
  if (o.worker !== undefined && (typeof o.worker !== 'string' || o.worker.length === 0)) {
    problem('worker', 'a non-empty string', o.worker);
  }
  for (const key of durations) {
    const value = o[key];
    if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
      problem(key, 'a finite number > 0', value);
    }
  }
  const when = o.whenUnavailable ?? 'local';
  if (when !== 'local' && when !== 'pause') problem('whenUnavailable', "'local' or 'pause'", when);
  if (problems.length > 0) throw new PoolConfigError(problems);
  const worker = (o.worker as string | undefined) ?? Math.random().toString(36).slice(2, 10);
  return {
    ...defaults,
    ...(options as SharedGateOptions),
    worker,
    whenUnavailable: when as 'local' | 'pause',
  };
}
