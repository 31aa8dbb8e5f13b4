// The simulated API's counters, event log and teardown.
import { expect } from 'chai';
import { createServer } from 'node:net';
import { startSimulatedApi } from '../../lib/sim/startSimulatedApi.js';
import { closeAll, fakeServer, post } from './helpers.js';

describe('startSimulatedApi', () => {
  afterEach(closeAll);

  describe('stats', () => {
    it('should count each outcome and record one event per request in arrival order', async () => {
      const { api, clock } = await fakeServer({ burst: 2 });
      await post(api.url, 1);
      await post(api.url, '{bad', true);
      await post(api.url, 3);
      await fetch(api.url, { method: 'PUT' });
      clock.now = 1000;
      await post(api.url, 5);
      const stats = api.stats();
      expect(stats).to.deep.include({
        elapsedMs: 1000,
        accepted: 2,
        rejected429: 1,
        rejected503: 0,
        failed500: 0,
        failed400: 1,
        rejectedOther: 1,
        inFlight: 0,
        maxInFlight: 1,
        capacityPerSecond: 100,
        burst: 2,
      });
      expect(stats.events.count).to.equal(5);
      expect(Array.from(stats.events.tMs)).to.deep.equal([0, 0, 0, 0, 1000]);
      expect(Array.from(stats.events.code)).to.deep.equal([200, 400, 429, 405, 200]);
    });

    it('should default burst to a tenth of the capacity, but at least 1', async () => {
      expect((await fakeServer({ capacityPerSecond: 50 })).api.stats().burst).to.equal(5);
      expect((await fakeServer({ capacityPerSecond: 5 })).api.stats().burst).to.equal(1);
    });

    it('should return events as a copy that later requests do not change', async () => {
      const { api } = await fakeServer();
      await post(api.url, 1);
      const before = api.stats().events;
      await post(api.url, 2);
      expect(before.count).to.equal(1);
      expect(before.tMs.length).to.equal(1);
      expect(api.stats().events.count).to.equal(2);
    });

    it('should record no events when recordEvents is false, but still count', async () => {
      const { api } = await fakeServer({ recordEvents: false });
      await post(api.url, 1);
      expect(api.stats().events).to.deep.equal({
        count: 0,
        tMs: new Float64Array(),
        code: new Uint16Array(),
      });
      expect(api.stats().accepted).to.equal(1);
    });
  });

  describe('close', () => {
    it('should resolve, free the port, and return the same promise when called again', async () => {
      const api = await startSimulatedApi({ latency: { medianMs: 0 } });
      await post(api.url, 1); // leaves a keep-alive connection open
      const closing = api.close();
      expect(api.close()).to.equal(closing);
      await closing;
      await fetch(api.url).then(
        () => expect.fail('the server still answers'),
        (error: Error) => expect(error).to.be.instanceOf(TypeError),
      );
      const probe = createServer();
      await new Promise<void>((resolve, reject) => {
        probe.once('error', reject).listen(api.port, '127.0.0.1', resolve);
      });
      await new Promise((resolve) => probe.close(resolve));
    });
  });
});
