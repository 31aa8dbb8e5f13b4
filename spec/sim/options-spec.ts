// Validation of startSimulatedApi's options: each problem names the option, the rule and the value.
import { expect } from 'chai';
import { startSimulatedApi } from '../../lib/sim/startSimulatedApi.js';
import type { SimulatedApiOptions } from '../../lib/sim/SimulatedApiOptions.js';

const attempt = (options: unknown) => () => startSimulatedApi(options as SimulatedApiOptions);
const messageOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  return expect.fail('expected a throw');
};

describe('startSimulatedApi', () => {
  describe('options', () => {
    it('should throw a RangeError naming capacityPerSecond, the rule and the value', () => {
      expect(attempt({ capacityPerSecond: -5 })).to.throw(
        RangeError,
        'startSimulatedApi: capacityPerSecond must be a finite number > 0 (received -5)',
      );
    });

    it('should throw a TypeError for a value of the wrong type', () => {
      expect(attempt({ burst: '5' })).to.throw(
        TypeError,
        "burst must be a finite number >= 1 (received '5')",
      );
      expect(attempt({ retryAfter: 1 })).to.throw(TypeError, 'retryAfter must be a boolean (received 1)');
      expect(attempt({ clock: 5 })).to.throw(TypeError, 'clock must be a function');
      expect(attempt('fast')).to.throw(TypeError, "options must be an object (received 'fast')");
    });

    it('should reject a misspelt option instead of ignoring it', () => {
      expect(attempt({ capacity: 5 })).to.throw(TypeError, 'capacity is not a known option (known: ');
    });

    it('should check the rules of each option', () => {
      const cases: [SimulatedApiOptions, string][] = [
        [{ burst: 0.5 }, 'burst must be a finite number >= 1 (received 0.5)'],
        [{ maxConcurrent: 1.5 }, 'maxConcurrent must be an integer >= 1 (received 1.5)'],
        [{ errorRate500: 1.1 }, 'errorRate500 must be a probability from 0 to 1 (received 1.1)'],
        [{ errorRate400: NaN }, 'errorRate400 must be a probability from 0 to 1 (received NaN)'],
        [{ errorRate500: 0.6, errorRate400: 0.5 }, 'errorRate500 + errorRate400 must be at most 1'],
        [{ latency: { medianMs: 50, p99Ms: 10 } }, 'latency.p99Ms must be at least latency.medianMs'],
        [{ latency: { medianMs: 0, p99Ms: 10 } }, 'latency.p99Ms must be 0 when latency.medianMs is 0'],
        [{ latency: { medianMs: -1 } }, 'latency.medianMs must be a finite number >= 0 (received -1)'],
        [{ port: 70000 }, 'port must be an integer from 0 to 65535 (received 70000)'],
        [{ seed: -1 }, 'seed must be an integer from 0 to 4294967295 (received -1)'],
        [
          { capacityChange: { atMs: 5 } as never },
          'capacityChange.capacityPerSecond must be a finite number > 0',
        ],
        [
          {
            capacityChange: [
              { atMs: 1, capacityPerSecond: 1 },
              { atMs: -1, capacityPerSecond: 1 },
            ],
          },
          'capacityChange[1].atMs must be a finite number >= 0 (received -1)',
        ],
      ];
      for (const [options, message] of cases) expect(attempt(options)).to.throw(message);
    });

    it('should check the limiter, the headers and how they combine with the token bucket options', () => {
      const cases: [unknown, string][] = [
        [
          { limiter: { kind: 'fixed' } },
          "limiter.kind must be one of 'token-bucket', 'fixed-window', 'sliding-log', 'sliding-counter', 'multi' (received 'fixed')",
        ],
        [{ limiter: 'fixed-window' }, "limiter must be an object { kind, … } (received 'fixed-window')"],
        [
          { limiter: { kind: 'fixed-window', limit: 0, windowMs: 1000 } },
          'limiter.limit must be an integer >= 1 (received 0)',
        ],
        [
          { limiter: { kind: 'fixed-window', limit: 5 } },
          'limiter.windowMs must be a finite number > 0 (received undefined)',
        ],
        [
          { limiter: { kind: 'fixed-window', limit: 5, windowMs: 1, countRefused: true } },
          'limiter.countRefused is not a known option (known: kind, limit, windowMs)',
        ],
        [
          { limiter: { kind: 'sliding-log', limit: 5, windowMs: 1, countRefused: 1 } },
          'limiter.countRefused must be a boolean (received 1)',
        ],
        [
          { limiter: { kind: 'token-bucket' } },
          'limiter.capacityPerSecond must be a finite number > 0 (received undefined)',
        ],
        [
          { limiter: { kind: 'multi', limits: [] } },
          'limiter.limits must be a non-empty array of limiters (received [])',
        ],
        [
          { limiter: { kind: 'multi', limits: [{ kind: 'multi', limits: [] }] } },
          "limiter.limits[0].kind must be one of 'token-bucket', 'fixed-window', 'sliding-log', 'sliding-counter' (received 'multi')",
        ],
        [
          { limiter: { kind: 'multi', limits: [{ kind: 'sliding-counter', limit: 1, windowMs: -1 }] } },
          'limiter.limits[0].windowMs must be a finite number > 0 (received -1)',
        ],
        [
          { capacityPerSecond: 5, limiter: { kind: 'fixed-window', limit: 5, windowMs: 1000 } },
          'capacityPerSecond cannot be combined with limiter (give the limiter its own rate: limiter.capacityPerSecond)',
        ],
        [
          {
            capacityChange: { atMs: 1, capacityPerSecond: 1 },
            limiter: { kind: 'sliding-log', limit: 5, windowMs: 1000 },
          },
          "capacityChange needs a token bucket (received limiter.kind 'sliding-log')",
        ],
        [
          { headers: ['draft-7', 'draft-9'] },
          "headers[1] must be one of 'retry-after', 'retry-after-ms', 'draft-6', 'draft-7', 'draft-8', 'legacy', 'openai' (received 'draft-9')",
        ],
        [{ headers: 'draft-7' }, "headers must be an array of 'retry-after'"],
        [{ retryAfterFormat: 'date' }, "retryAfterFormat must be 'seconds' or 'http-date' (received 'date')"],
        [{ wallClock: 1 }, 'wallClock must be a function returning milliseconds (received 1)'],
      ];
      for (const [options, message] of cases)
        expect(attempt(options), message).to.throw(`startSimulatedApi: ${message}`);
    });

    it('should report the limiter and its sustained rate in stats, a token bucket by default', async () => {
      const apis = await Promise.all([
        startSimulatedApi({ capacityPerSecond: 40 }),
        startSimulatedApi({ limiter: { kind: 'sliding-counter', limit: 500, windowMs: 10_000 } }),
        startSimulatedApi({
          limiter: {
            kind: 'multi',
            limits: [
              { kind: 'token-bucket', capacityPerSecond: 20 },
              { kind: 'fixed-window', limit: 600, windowMs: 60_000 },
            ],
          },
        }),
      ]);
      const stats = apis.map((api) => api.stats());
      await Promise.all(apis.map((api) => api.close()));
      expect(stats[0]).to.deep.include({
        limiter: { kind: 'token-bucket', capacityPerSecond: 40, burst: 4 },
        capacityPerSecond: 40,
        burst: 4,
      });
      expect(stats[1]).to.deep.include({
        limiter: { kind: 'sliding-counter', limit: 500, windowMs: 10_000, countRefused: false },
        capacityPerSecond: 50,
        burst: 500,
        capacityTimeline: [{ atMs: 0, capacityPerSecond: 50, burst: 500 }],
      });
      expect(stats[2]).to.include({ capacityPerSecond: 10, burst: 2 });
    });

    it('should report every problem at once, one per line', () => {
      expect(attempt({ capacityPerSecond: 0, errorRate500: 2, latency: { p99Ms: 1 }, speed: 1 })).to.throw(
        TypeError,
        ['startSimulatedApi: 4 invalid options:', '  - speed is not a known option'].join('\n'),
      );
      const lines = messageOf(
        attempt({ capacityPerSecond: 0, errorRate500: 2, latency: { p99Ms: 1 } }),
      ).split('\n');
      expect(lines).to.have.length(4);
      expect(lines[0]).to.equal('startSimulatedApi: 3 invalid options:');
      expect(lines[1]).to.include('capacityPerSecond');
      expect(lines[2]).to.include('errorRate500');
      expect(lines[3]).to.include('latency.p99Ms must be at least latency.medianMs');
    });

    it('should sort capacity changes and carry the burst forward', async () => {
      const api = await startSimulatedApi({
        capacityPerSecond: 10,
        burst: 3,
        clock: () => 0,
        capacityChange: [
          { atMs: 2000, capacityPerSecond: 40 },
          { atMs: 1000, capacityPerSecond: 20, burst: 5 },
        ],
      });
      expect(api.stats().capacityTimeline).to.deep.equal([
        { atMs: 0, capacityPerSecond: 10, burst: 3 },
        { atMs: 1000, capacityPerSecond: 20, burst: 5 },
        { atMs: 2000, capacityPerSecond: 40, burst: 5 },
      ]);
      await api.close();
    });
  });
});
