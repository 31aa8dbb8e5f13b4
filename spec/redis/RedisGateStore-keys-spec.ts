import { expect } from 'chai';
import { createClient } from 'redis';
import { RedisGateStore } from '../../lib/redis/RedisGateStore.js';
import { startRedisServer, type RedisServer } from '../helpers/redisServer.js';
import { syncRequest } from '../helpers/syncRequest.js';

describe('RedisGateStore keys', function () {
  this.timeout(20_000);
  let server: RedisServer;
  let client: ReturnType<typeof createClient>;

  before(async () => {
    server = await startRedisServer();
    client = createClient({ url: server.url });
    await client.connect();
  });
  beforeEach(() => client.flushAll());
  after(async () => {
    await client?.quit();
    await server?.stop();
  });

  it('should keep a gate in two keys under one hash tag (one Redis Cluster slot)', async () => {
    await new RedisGateStore(client).sync('orders', syncRequest('w1'));
    await new RedisGateStore(client, { prefix: 'app:rpm' }).sync('orders', syncRequest('w1'));
    expect((await client.keys('*')).sort()).to.deep.equal([
      'app:rpm:{orders}:leases',
      'app:rpm:{orders}:state',
      'rpm:{orders}:leases',
      'rpm:{orders}:state',
    ]);
    expect(await client.zRange('rpm:{orders}:leases', 0, -1)).to.deep.equal(['w1']);
  });

  it('should expire both keys after idleTtlMs without syncs (default 10 minutes)', async () => {
    await new RedisGateStore(client).sync('idle', syncRequest('w1'));
    for (const key of ['rpm:{idle}:state', 'rpm:{idle}:leases'])
      expect(await client.pTTL(key), key).to.be.within(10 * 60_000 - 2000, 10 * 60_000);
    await new RedisGateStore(client, { idleTtlMs: 30_000 }).sync('idle', syncRequest('w1'));
    for (const key of ['rpm:{idle}:state', 'rpm:{idle}:leases'])
      expect(await client.pTTL(key), key).to.be.within(28_000, 30_000);
  });

  it('should keep the state a minute past a pool-wide pause longer than idleTtlMs', async () => {
    const store = new RedisGateStore(client, { idleTtlMs: 30_000 });
    await store.sync('paused', syncRequest('w1', { pauseMs: 20 * 60_000 }));
    for (const key of ['rpm:{paused}:state', 'rpm:{paused}:leases'])
      expect(await client.pTTL(key), key).to.be.within(21 * 60_000 - 2000, 21 * 60_000);
  });

  it("should time the gate by Redis's clock", async () => {
    const before = Date.now();
    const reply = await new RedisGateStore(client).sync('clock', syncRequest('w1'));
    const t0 = Number(await client.hGet('rpm:{clock}:state', 't0'));
    expect(t0).to.be.within(before - 1000, Date.now() + 1000);
    expect(reply.gen).to.equal(`${t0}-w1`);
  });

  it('should neither change nor keep alive a gate made with other settings', async () => {
    const store = new RedisGateStore(client);
    const made = await store.sync('settings', syncRequest('w1'));
    await client.pExpire('rpm:{settings}:state', 5000);
    const before = await client.hGetAll('rpm:{settings}:state');
    const other = syncRequest('w2', { settings: { ...syncRequest('w2').settings, backoffMultiplier: 3 } });
    const reply = await store.sync('settings', { ...other, refused: 1, refusedEpoch: 0 });
    expect(reply).to.include({ gen: made.gen, mismatch: 'min=0;max=5000;x=2;step=10', workers: 1 });
    expect(reply.waitsMs).to.deep.equal([]);
    expect(await client.hGetAll('rpm:{settings}:state')).to.deep.equal(before);
    expect(await client.pTTL('rpm:{settings}:state')).to.be.at.most(5000);
  });
});
