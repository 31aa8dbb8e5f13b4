import type { ScriptRunner } from './ScriptRunner.js';

/** The part of a node-redis v5 client (or cluster client) the gate store uses. */
export interface NodeRedisScripting {
  evalSha(sha1: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/** A `ScriptRunner` over a node-redis v5 client (`createClient()` from `redis`, connected). */
export function fromNodeRedis(client: NodeRedisScripting): ScriptRunner {
  return {
    runSha: (sha1, keys, args) => client.evalSha(sha1, { keys: [...keys], arguments: [...args] }),
    runScript: (script, keys, args) => client.eval(script, { keys: [...keys], arguments: [...args] }),
  };
}
