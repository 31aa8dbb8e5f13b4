import { argumentError } from '../internal/argumentError.js';
import type { GateStore, SyncReply, SyncRequest } from '../shared/GateStore.js';
import { gateArguments } from './gateArguments.js';
import { gateScript, gateScriptSha1 } from './gateScript.js';
import { parseGateReply } from './parseGateReply.js';
import type { IoredisScripting } from './fromIoredis.js';
import type { NodeRedisScripting } from './fromNodeRedis.js';
import { redisScriptRunner } from './redisScriptRunner.js';
import type { ScriptRunner } from './ScriptRunner.js';

export interface RedisGateStoreOptions {
  /** Prepended to every key (default `rpm`): `${prefix}:{${gate}}:state` and `…:leases`. */
  readonly prefix?: string;
  /** How long a gate nobody syncs with is kept (ms, default 10 minutes; longer during a pause). */
  readonly idleTtlMs?: number;
  /** Test only: the store's clock in absolute ms, instead of Redis's own. */
  readonly clock?: () => number;
}

const DEFAULT_IDLE_TTL_MS = 10 * 60 * 1000;
// Redis Cluster hashes only what is inside the first {…}: braces of our own elsewhere would move
// the two keys of a gate to different slots (an empty tag hashes the whole key).
const BRACES = /[{}]/;

/**
 * A `GateStore` in Redis: every worker of the fleet syncs with the same gate state in one script
 * call (one round trip), timed by Redis's clock so the workers' clocks never need to agree.
 */
export class RedisGateStore implements GateStore {
  private readonly prefix: string;
  private readonly idleTtlMs: number;
  private readonly clock: (() => number) | undefined;

  private readonly runner: ScriptRunner;

  /**
   * @param client a connected node-redis v5 or ioredis v5 client (told apart by their methods),
   *   or a `ScriptRunner` for anything else (a cluster client, a test double).
   */
  constructor(
    client: ScriptRunner | NodeRedisScripting | IoredisScripting,
    options: RedisGateStoreOptions = {},
  ) {
    const c = client as Partial<ScriptRunner> | null;
    this.runner =
      typeof c?.runSha === 'function' && typeof c.runScript === 'function'
        ? (client as ScriptRunner)
        : redisScriptRunner(client as NodeRedisScripting | IoredisScripting);
    const { prefix = 'rpm', idleTtlMs = DEFAULT_IDLE_TTL_MS, clock } = options;
    if (typeof prefix !== 'string' || prefix === '' || BRACES.test(prefix))
      throw argumentError('prefix', 'a non-empty string without { or }', prefix);
    if (!Number.isSafeInteger(idleTtlMs) || idleTtlMs < 1)
      throw argumentError('idleTtlMs', 'an integer number of ms ≥ 1', idleTtlMs);
    if (clock !== undefined && typeof clock !== 'function')
      throw argumentError('clock', 'a function returning ms', clock);
    this.prefix = prefix;
    this.idleTtlMs = idleTtlMs;
    this.clock = clock;
  }

  /** The gate's two keys (state hash, lease table), under one hash tag. */
  keysOf(gate: string): [state: string, leases: string] {
    if (typeof gate !== 'string' || gate === '' || BRACES.test(gate))
      throw argumentError('gate', 'a non-empty string without { or }', gate);
    const base = `${this.prefix}:{${gate}}`;
    return [`${base}:state`, `${base}:leases`];
  }

  async sync(gate: string, request: SyncRequest): Promise<SyncReply> {
    const keys = this.keysOf(gate);
    const args = gateArguments(request, this.idleTtlMs, this.clock?.());
    let reply: unknown;
    try {
      reply = await this.runner.runSha(gateScriptSha1, keys, args);
    } catch (error) {
      // After a restart or SCRIPT FLUSH the script is gone: EVAL runs it and loads it again.
      if (!isNoScript(error)) throw error;
      reply = await this.runner.runScript(gateScript, keys, args);
    }
    return parseGateReply(reply);
  }
}

function isNoScript(error: unknown): boolean {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' && message.startsWith('NOSCRIPT');
}
