// The simulated API over real HTTP on loopback, with a fake clock so the limit is exact.
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { simulatedResult } from '../../lib/sim/simulatedResult.js';
import { closeAll, fakeServer, post, until } from './helpers.js';

describe('startSimulatedApi', () => {
  afterEach(closeAll);

  describe('answers', () => {
    it('should listen on 127.0.0.1 with an ephemeral port by default', async () => {
      const { api } = await fakeServer();
      expect(api.url).to.match(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(api.url).to.equal(`http://127.0.0.1:${api.port}/`);
      expect(api.port).to.be.above(0);
    });

    it('should answer a POSTed row with its echo, SHA-256 digest and byte length', async () => {
      const { api } = await fakeServer();
      const row = { id: 7, text: 'héllo' };
      const answer = await post(api.url, row);
      const json = JSON.stringify(row);
      expect(answer.status).to.equal(200);
      expect(answer.body).to.deep.equal({
        echo: row,
        digest: createHash('sha256').update(json).digest('hex'),
        length: Buffer.byteLength(json),
      });
      expect(answer.body).to.deep.equal(simulatedResult(row));
      expect(answer.headers.get('connection')).to.not.equal('close');
    });

    it('should answer the same row the same way on any path and server', async () => {
      const a = await fakeServer();
      const b = await fakeServer({ seed: 99 });
      const one = await post(`${a.api.url}v1/anything`, [1, 'two', null]);
      const two = await post(b.api.url, [1, 'two', null]);
      expect(one.body).to.deep.equal(two.body);
    });

    it('should answer 400 with a JSON error for a body that is not JSON', async () => {
      const { api } = await fakeServer();
      const answer = await post(api.url, '{not json', true);
      expect(answer.status).to.equal(400);
      expect(answer.body).to.have.property('error', 'invalid_json');
      expect(api.stats().failed400).to.equal(1);
    });

    it('should answer 405 to other methods, taking no token', async () => {
      const { api } = await fakeServer({ burst: 1 });
      const response = await fetch(api.url);
      expect(response.status).to.equal(405);
      expect(response.headers.get('allow')).to.equal('POST');
      expect(await response.json()).to.deep.equal({ error: 'method_not_allowed' });
      expect((await post(api.url, 1)).status).to.equal(200);
    });

    it('should answer 413 to a body over maxBodyBytes', async () => {
      const { api } = await fakeServer({ maxBodyBytes: 16 });
      expect((await post(api.url, 'x'.repeat(32))).status).to.equal(413);
      expect((await post(api.url, 'short')).status).to.equal(200);
    });
  });

  describe('limits', () => {
    it('should answer 429 once the bucket is empty, without Retry-After by default', async () => {
      const { api, clock } = await fakeServer({ capacityPerSecond: 100, burst: 2 });
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await post(api.url, i)).status);
      expect(statuses).to.deep.equal([200, 200, 429]);
      const refused = await post(api.url, 3);
      expect(refused.body).to.deep.equal({ error: 'rate_limited' });
      expect(refused.headers.has('retry-after')).to.equal(false);
      clock.now += 10; // one token at 100/s
      expect((await post(api.url, 4)).status).to.equal(200);
    });

    it('should send Retry-After in whole seconds until a token, rounded up, when enabled', async () => {
      const { api, clock } = await fakeServer({ capacityPerSecond: 0.25, burst: 1, retryAfter: true });
      expect((await post(api.url, 0)).status).to.equal(200);
      const retryAfter = async () => (await post(api.url, 0)).headers.get('retry-after');
      expect(await retryAfter()).to.equal('4');
      clock.now = 500;
      expect(await retryAfter()).to.equal('4');
      clock.now = 3001;
      expect(await retryAfter()).to.equal('1');
      clock.now = 4000;
      expect((await post(api.url, 0)).status).to.equal(200);
    });

    it('should answer 503 at once, taking no token, while maxConcurrent requests are served', async () => {
      const latency = { medianMs: 60_000, p99Ms: 60_000 }; // held until close() answers them
      const { api } = await fakeServer({ maxConcurrent: 2, burst: 3, latency });
      const held = [post(api.url, 'a'), post(api.url, 'b')];
      await until(() => api.stats().inFlight === 2);
      const refused = await post(api.url, 'c');
      expect(refused.status).to.equal(503);
      expect(refused.body).to.deep.equal({ error: 'overloaded' });
      await api.close();
      const answers = await Promise.all(held);
      expect(answers.map((a) => a.status)).to.deep.equal([200, 200]);
      expect(answers[0]!.headers.get('connection')).to.equal('close');
      expect(api.stats()).to.include({ accepted: 2, rejected503: 1, inFlight: 0, maxInFlight: 2 });
    });

    it('should change capacity at atMs on the injected clock', async () => {
      const capacityChange = { atMs: 1000, capacityPerSecond: 1 };
      const { api, clock } = await fakeServer({ capacityPerSecond: 1000, burst: 1, capacityChange });
      const at = async (ms: number) => {
        clock.now = ms;
        return (await post(api.url, ms)).status;
      };
      expect(await at(998)).to.equal(200);
      expect(await at(999)).to.equal(200); // 1 ms at 1000/s
      expect(api.stats().capacityPerSecond).to.equal(1000);
      expect(await at(1000)).to.equal(200); // still credited at the old rate up to atMs
      expect(await at(1001)).to.equal(429); // 1 ms at 1/s
      expect(api.stats().capacityPerSecond).to.equal(1);
      expect(await at(2000)).to.equal(200);
      expect(api.stats().capacityTimeline).to.deep.equal([
        { atMs: 0, capacityPerSecond: 1000, burst: 1 },
        { atMs: 1000, capacityPerSecond: 1, burst: 1 },
      ]);
    });
  });

  describe('faults', () => {
    it('should answer every admitted request 500 at errorRate500 1', async () => {
      const { api } = await fakeServer({ errorRate500: 1 });
      const answers = await Promise.all([1, 2, 3, 4].map((i) => post(api.url, i)));
      expect(answers.map((a) => a.status)).to.deep.equal([500, 500, 500, 500]);
      expect(answers[0]!.body).to.deep.equal({ error: 'simulated_server_error' });
      expect(api.stats().failed500).to.equal(4);
    });

    it('should answer every admitted request 400 at errorRate400 1', async () => {
      const { api } = await fakeServer({ errorRate400: 1 });
      const answers = await Promise.all([1, 2, 3].map((i) => post(api.url, i)));
      expect(answers.map((a) => a.status)).to.deep.equal([400, 400, 400]);
      expect(answers[0]!.body).to.deep.equal({ error: 'simulated_bad_request' });
    });

    it('should draw the same faults for the same seed', async () => {
      const codes = async (seed: number) => {
        const { api } = await fakeServer({ seed, errorRate500: 0.3, errorRate400: 0.2 });
        const statuses: number[] = [];
        for (let i = 0; i < 20; i++) statuses.push((await post(api.url, i)).status);
        return statuses;
      };
      const first = await codes(5);
      expect(await codes(5)).to.deep.equal(first);
      expect(first).to.include.members([200, 400, 500]);
      expect(await codes(6)).to.not.deep.equal(first);
    });
  });
});
