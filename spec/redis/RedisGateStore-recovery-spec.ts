import { expect } from 'chai';
import { createClient } from 'redis';
import { RedisGateStore } from '../../lib/redis/RedisGateStore.js';
import { redisScriptRunner } from '../../lib/redis/redisScriptRunner.js';
import type { ScriptRunner } from '../../lib/redis/ScriptRunner.js';
import { startRedisServer, type RedisServer } from '../helpers/redisServer.js';
import { syncRequest } from '../helpers/syncRequest.js';

describe('RedisGateStore recovery', function () {
  this.timeout(20_000);
  let server: RedisServer;
  let client: ReturnType<typeof createClient>;
  let calls: string[];
  let store: RedisGateStore;

  before(async () => {
    server = await startRedisServer();
    client = createClient({ url: server.url });
    client.on('error', () => undefined); // the restart spec drops the connection on purpose
    await client.connect();
    const runner = redisScriptRunner(client);
    // Records which command each sync used, to see EVALSHA tried first and EVAL only on NOSCRIPT.
    const recorded: ScriptRunner = {
      runSha: (...args) => (calls.push('evalSha'), runner.runSha(...args)),
      runScript: (...args) => (calls.push('eval'), runner.runScript(...args)),
    };
    store = new RedisGateStore(recorded);
  });
  beforeEach(() => (calls = []));
  after(async () => {
    await client?.quit();
    await server?.stop();
  });

  it('should load the script with EVAL on NOSCRIPT, then run it by SHA1', async () => {
    await client.scriptFlush();
    const first = await store.sync('flush', syncRequest('w1'));
    expect(calls).to.deep.equal(['evalSha', 'eval']);
    calls = [];
    const second = await store.sync('flush', syncRequest('w1', { gen: first.gen }));
    expect(calls).to.deep.equal(['evalSha']);
    expect(second.gen).to.equal(first.gen);
  });

  it('should keep working after SCRIPT FLUSH between two calls, on the same state', async () => {
    const first = await store.sync('flush-between', syncRequest('w1', { refused: 1, refusedEpoch: 0 }));
    await client.scriptFlush();
    calls = [];
    const second = await store.sync('flush-between', syncRequest('w2', { gen: first.gen }));
    expect(calls).to.deep.equal(['evalSha', 'eval']);
    expect(second).to.include({ gen: first.gen, epoch: 1, delayMs: 200, workers: 2 });
  });

  it('should start a new state after Redis restarts empty: new gen, delay seeded by the worker', async () => {
    const first = await store.sync('restart', syncRequest('w1', { seedDelayMs: 100 }));
    const raised = await store.sync(
      'restart',
      syncRequest('w1', { gen: first.gen, refused: 1, refusedEpoch: 0 }),
    );
    expect(raised).to.include({ epoch: 1, delayMs: 200, raised: true });
    await server.restart();
    await new Promise((done) => setTimeout(done, 5)); // a new gen needs a later millisecond
    calls = [];
    const after = await store.sync('restart', syncRequest('w1', { gen: first.gen, seedDelayMs: 250 }));
    expect(calls).to.deep.equal(['evalSha', 'eval']);
    expect(after.gen).to.not.equal(first.gen);
    expect(after).to.include({ epoch: 0, delayMs: 250, closed: false, workers: 1 });
    expect(after.gen).to.match(/^\d+-w1$/);
  });

  it('should hold a sync while Redis is stalled and answer once it resumes', async () => {
    await store.sync('stall', syncRequest('w1'));
    server.pause();
    let settled = false;
    const pending = store.sync('stall', syncRequest('w1')).finally(() => (settled = true));
    await new Promise((done) => setTimeout(done, 100));
    expect(settled).to.equal(false);
    server.resume();
    expect((await pending).workers).to.equal(1);
  });
});
