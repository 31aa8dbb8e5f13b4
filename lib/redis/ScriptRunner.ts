/**
 * What the gate store needs of a Redis client: run a script by SHA1 (EVALSHA) or by source (EVAL), with keys and
 * arguments as strings. `fromNodeRedis` and `fromIoredis` make one of a client; anything else
 * (a cluster client, a test double) can implement it directly. A missing script must reject with
 * Redis's own error, whose message starts with `NOSCRIPT`.
 */
export interface ScriptRunner {
  runSha(sha1: string, keys: readonly string[], args: readonly string[]): Promise<unknown>;
  runScript(script: string, keys: readonly string[], args: readonly string[]): Promise<unknown>;
}
