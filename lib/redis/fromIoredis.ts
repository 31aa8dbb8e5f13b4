import type { ScriptRunner } from './ScriptRunner.js';

/** The part of an ioredis v5 client (or cluster) the gate store uses. */
export interface IoredisScripting {
  evalsha(sha1: string, numKeys: number, ...keysAndArgs: string[]): Promise<unknown>;
  eval(script: string, numKeys: number, ...keysAndArgs: string[]): Promise<unknown>;
}

/** A `ScriptRunner` over an ioredis v5 client (`new Redis()` from `ioredis`). */
export function fromIoredis(client: IoredisScripting): ScriptRunner {
  return {
    runSha: (sha1, keys, args) => client.evalsha(sha1, keys.length, ...keys, ...args),
    runScript: (script, keys, args) => client.eval(script, keys.length, ...keys, ...args),
  };
}
