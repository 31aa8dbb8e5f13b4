import { expect } from 'chai';
import fc from 'fast-check';
import Redis from 'ioredis';
import { createClient } from 'redis';
import { fromIoredis } from '../../lib/redis/fromIoredis.js';
import { fromNodeRedis } from '../../lib/redis/fromNodeRedis.js';
import { RedisGateStore } from '../../lib/redis/RedisGateStore.js';
import { redisScriptRunner } from '../../lib/redis/redisScriptRunner.js';
import type { ScriptRunner } from '../../lib/redis/ScriptRunner.js';
import type { SyncReply } from '../../lib/shared/GateStore.js';
import { gateRuns, requestOf, type Heard } from '../helpers/gateRuns.js';
import { startRedisServer, type RedisServer } from '../helpers/redisServer.js';

describe('redisScriptRunner', function () {
  this.timeout(20_000);
  let server: RedisServer;
  let nodeRedis: ReturnType<typeof createClient>;
  let ioredis: Redis;

  before(async () => {
    server = await startRedisServer();
    nodeRedis = createClient({ url: server.url });
    await nodeRedis.connect();
    ioredis = new Redis(server.port, '127.0.0.1');
  });
  after(async () => {
    await nodeRedis?.quit();
    await ioredis?.quit();
    await server?.stop();
  });

  /** The replies of a sample run through `runner`, on gates of its own (`prefix`). */
  async function replies(runner: ScriptRunner, prefix: string): Promise<SyncReply[]> {
    const out: SyncReply[] = [];
    for (const [r, run] of fc.sample(gateRuns, { numRuns: 5, seed: 42 }).entries()) {
      let nowMs = run.startMs;
      const store = new RedisGateStore(runner, { prefix, clock: () => nowMs });
      const heard: Heard = new Map();
      for (const step of run.steps) {
        nowMs += step.dtMs;
        const reply = await store.sync(`run${r}`, requestOf(run, step, heard));
        heard.set(step.worker, reply);
        out.push(reply);
      }
    }
    return out;
  }

  it('should give the same replies through node-redis and ioredis', async () => {
    await nodeRedis.scriptFlush(); // each adapter meets NOSCRIPT at least once
    const viaNodeRedis = await replies(redisScriptRunner(nodeRedis), 'nr');
    await nodeRedis.scriptFlush();
    const viaIoredis = await replies(redisScriptRunner(ioredis), 'io');
    expect(viaNodeRedis.length).to.be.greaterThan(5);
    expect(viaIoredis).to.deep.equal(viaNodeRedis);
  });

  it('should tell the two clients apart by their methods and call each its own way', async () => {
    const seen: unknown[][] = [];
    const record =
      (name: string) =>
      async (...args: unknown[]) => (seen.push([name, ...args]), 'done');
    const nodeLike = { evalSha: record('evalSha'), eval: record('eval') };
    const ioLike = { evalsha: record('evalsha'), eval: record('eval') };
    await redisScriptRunner(nodeLike).runSha('sha', ['k'], ['a', 'b']);
    await redisScriptRunner(nodeLike).runScript('src', ['k'], ['a']);
    await redisScriptRunner(ioLike).runSha('sha', ['k'], ['a', 'b']);
    await redisScriptRunner(ioLike).runScript('src', ['k'], ['a']);
    expect(seen).to.deep.equal([
      ['evalSha', 'sha', { keys: ['k'], arguments: ['a', 'b'] }],
      ['eval', 'src', { keys: ['k'], arguments: ['a'] }],
      ['evalsha', 'sha', 1, 'k', 'a', 'b'],
      ['eval', 'src', 1, 'k', 'a'],
    ]);
    // And with the real clients: keys and arguments reach the script in order.
    const script = 'return {KEYS[1], KEYS[2], ARGV[1], ARGV[2]}';
    for (const runner of [fromNodeRedis(nodeRedis), fromIoredis(ioredis)])
      expect(await runner.runScript(script, ['k1', 'k2'], ['a1', 'a2'])).to.deep.equal([
        'k1',
        'k2',
        'a1',
        'a2',
      ]);
  });

  it('should pass Redis errors through, NOSCRIPT included, from both clients', async () => {
    for (const runner of [redisScriptRunner(nodeRedis), redisScriptRunner(ioredis)]) {
      const failure = await runner.runSha('0'.repeat(40), [], []).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(String((failure as Error | undefined)?.message)).to.match(/^NOSCRIPT/);
    }
  });

  it('should reject anything but a node-redis or ioredis client with a clear TypeError', () => {
    const notClients: unknown[] = [
      undefined,
      null,
      'redis://127.0.0.1:6379',
      {},
      { eval() {} },
      { evalsha() {} },
    ];
    for (const value of notClients)
      expect(() => redisScriptRunner(value as Redis), String(value)).to.throw(
        TypeError,
        /expected a node-redis v5 client \(with evalSha and eval\), an ioredis v5 client \(with evalsha and eval\) or a ScriptRunner \(with runSha and runScript\), received/,
      );
  });
});
