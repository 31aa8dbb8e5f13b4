// The simulated API's rate-limit headers: each convention's fields and values, and the IETF and
// legacy ones checked field for field against express-rate-limit itself on a real server.
import { expect } from 'chai';
import express from 'express';
import { rateLimit } from 'express-rate-limit';
import type { AddressInfo } from 'node:net';
import { goDuration } from '../../lib/sim/headers/goDuration.js';
import { draft7 } from '../../lib/sim/headers/ietfHeaders.js';
import type { RateLimitHeaders } from '../../lib/sim/LimiterOptions.js';
import { closeAll, fakeServer } from './helpers.js';

const RATE_LIMIT_FIELD = /^(ratelimit|x-ratelimit|retry-after)/;
const rateLimitFields = (headers: Headers): Record<string, string> =>
  Object.fromEntries([...headers].filter(([name]) => RATE_LIMIT_FIELD.test(name)));

/** express-rate-limit's MemoryStore (a fixed window from the first request) on loopback. */
async function expressRateLimit(limit: number, windowMs: number, headers: RateLimitHeaders[]) {
  const draft = headers.find((h) => h.startsWith('draft-')) as 'draft-6' | 'draft-7' | 'draft-8' | undefined;
  const app = express();
  app.use(
    rateLimit({
      limit,
      windowMs,
      standardHeaders: draft ?? false,
      legacyHeaders: headers.includes('legacy'),
    }),
  );
  app.post('/', (_req, res) => void res.json({}));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return { url, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** The rate-limit fields of `count` requests in a row. */
async function fieldsOf(url: string, count: number): Promise<Record<string, string>[]> {
  const answers: Record<string, string>[] = [];
  for (let i = 0; i < count; i++) {
    const response = await fetch(url, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    await response.arrayBuffer();
    answers.push({ status: String(response.status), ...rateLimitFields(response.headers) });
  }
  return answers;
}

describe('startSimulatedApi', () => {
  afterEach(closeAll);

  describe('headers', () => {
    for (const headers of [['draft-6'], ['draft-7', 'legacy'], ['draft-8']] as RateLimitHeaders[][]) {
      it(`should send ${headers.join(' and ')} fields as express-rate-limit does, 429's Retry-After included`, async () => {
        const real = await expressRateLimit(3, 60_000, headers);
        try {
          const { api } = await fakeServer({
            limiter: { kind: 'fixed-window', limit: 3, windowMs: 60_000 },
            headers: [...headers, 'retry-after'],
          });
          const [ours, theirs] = [await fieldsOf(api.url, 4), await fieldsOf(real.url, 4)];
          // The one field read against the wall clock may cross a second between the two servers.
          for (const [a, b] of ours.map((o, i) => [o, theirs[i]!])) {
            if (a!['x-ratelimit-reset'] !== undefined) {
              expect(
                Math.abs(Number(a!['x-ratelimit-reset']) - Number(b!['x-ratelimit-reset'])),
              ).to.be.at.most(1);
              b!['x-ratelimit-reset'] = a!['x-ratelimit-reset']!;
            }
          }
          expect(ours).to.deep.equal(theirs);
          expect(ours[3]).to.include({ status: '429', 'retry-after': '60' });
        } finally {
          await real.close();
        }
      });
    }

    it('should send no rate-limit field unless asked', async () => {
      const { api } = await fakeServer({ burst: 1 });
      expect((await fieldsOf(api.url, 2)).map((f) => Object.keys(f))).to.deep.equal([['status'], ['status']]);
    });

    it("should send OpenAI's fields, the reset as a Go duration", async () => {
      const { api, clock } = await fakeServer({
        limiter: { kind: 'fixed-window', limit: 2, windowMs: 60_000 },
        headers: ['openai'],
      });
      clock.now = 20;
      expect(await fieldsOf(api.url, 3)).to.deep.equal(
        [1, 0, 0].map((remaining, i) => ({
          status: i < 2 ? '200' : '429',
          'x-ratelimit-limit-requests': '2',
          'x-ratelimit-remaining-requests': String(remaining),
          'x-ratelimit-reset-requests': '59.98s',
        })),
      );
    });

    it('should send Retry-After and retry-after-ms on 429s only, until a request is admitted', async () => {
      const { api, clock } = await fakeServer({
        capacityPerSecond: 50,
        burst: 1,
        headers: ['retry-after', 'retry-after-ms'],
      });
      clock.now = 5;
      expect(await fieldsOf(api.url, 2)).to.deep.equal([
        { status: '200' },
        { status: '429', 'retry-after': '1', 'retry-after-ms': '20' },
      ]);
    });

    it('should give Retry-After as an HTTP date when asked: the first whole second a request is admitted', async () => {
      const wallClock = () => Date.UTC(2030, 0, 1, 12, 0, 0, 700);
      const limiter = { kind: 'sliding-log', limit: 1, windowMs: 1500 } as const;
      const { api } = await fakeServer({
        limiter,
        headers: ['retry-after'],
        retryAfterFormat: 'http-date',
        wallClock,
      });
      const [, refused] = await fieldsOf(api.url, 2);
      expect(refused!['retry-after']).to.equal('Tue, 01 Jan 2030 12:00:03 GMT'); // 12:00:02.200, rounded up
    });

    it('should list every limit of a multi limiter in draft-8, and the most constraining in draft-7', async () => {
      const limiter = {
        kind: 'multi',
        limits: [
          { kind: 'fixed-window', limit: 10, windowMs: 1000 },
          { kind: 'fixed-window', limit: 300, windowMs: 60_000 },
        ],
      } as const;
      const { api } = await fakeServer({ limiter, headers: ['draft-7', 'draft-8'] });
      const [fields] = await fieldsOf(api.url, 1);
      expect(fields!['ratelimit']).to.equal('"10-in-1sec"; r=9; t=1, "300-in-1min"; r=299; t=60');
      expect(fields!['ratelimit-policy']).to.match(
        /^"10-in-1sec"; q=10; w=1; pk=:[\w+/=]+:, "300-in-1min"; q=300; w=60; pk=/,
      );
    });
  });
});

describe('goDuration', () => {
  it("should write durations as OpenAI's headers do (Go's format, whole ms)", () => {
    const cases: [number, string][] = [
      [0, '0s'],
      [0.2, '1ms'],
      [20, '20ms'],
      [1000, '1s'],
      [8640, '8.64s'],
      [360_000, '6m0s'],
      [90_500, '1m30.5s'],
      [3_600_000, '1h0m0s'],
    ];
    expect(cases.map(([ms]) => goDuration(ms))).to.deep.equal(cases.map(([, text]) => text));
  });
});

describe('draft7', () => {
  it('should round the reset up to whole seconds, float noise from time arithmetic aside', () => {
    const state = { limit: 200, remaining: 0, windowMs: 1000 };
    // newest + windowMs - now, in floats, can come out a hair above a whole second.
    expect(draft7({ ...state, resetMs: 1000.0000000000001 }).RateLimit).to.equal(
      'limit=200, remaining=0, reset=1',
    );
    expect(draft7({ ...state, resetMs: 1000.001 }).RateLimit).to.equal('limit=200, remaining=0, reset=2');
    expect(draft7({ ...state, resetMs: 0 }).RateLimit).to.equal('limit=200, remaining=0, reset=0');
  });
});
