import { expect } from 'chai';
import { of } from 'rxjs';
import { Pool } from '../../lib/Pool.js';
import { HEADER_PACE_MARGIN } from '../../lib/hints/HeaderPace.js';
import { testScheduler } from '../helpers/marbles.js';

describe('Pool pacing from rate-limit headers', () => {
  it('should space dispatches by the advertised pace before anything is refused', () => {
    const scheduler = testScheduler();
    const sent: number[] = [];
    let stats: ReturnType<Pool['stats']> | undefined;
    scheduler.run(({ cold, hot }) => {
      const pool = new Pool({ poolSize: 4 });
      const response = {
        headers: { 'ratelimit-policy': '10;w=1', ratelimit: 'limit=10, remaining=9, reset=1' },
      };
      hot('(abcd|)')
        .pipe(
          pool.map(() => {
            sent.push(scheduler.now());
            return cold('5ms (r|)', { r: response });
          }),
        )
        .subscribe();
      scheduler.schedule(() => (stats = pool.stats()), 200);
    });
    // Four permits, so a, b, c and d all go at 0, before any response; from the first answer on,
    // the pool would keep 102 ms apart (10 per second, plus its 2% margin).
    expect(sent).to.deep.equal([0, 0, 0, 0]);
    expect(stats).to.include({ limitSource: 'headers', capacityRetries: 0 });
    expect(stats?.limitPerSecond).to.be.closeTo(10 / HEADER_PACE_MARGIN, 1e-9);
  });

  it('should pace later rows from headers handed over with ctx.reportHeaders', () => {
    const scheduler = testScheduler();
    const sent: number[] = [];
    scheduler.run(({ hot }) => {
      const pool = new Pool({ poolSize: 1 });
      hot('(abc|)')
        .pipe(
          pool.map((row: string, ctx) => {
            sent.push(scheduler.now());
            ctx.reportHeaders(
              new Headers({ 'x-ratelimit-remaining-requests': '8', 'x-ratelimit-reset-requests': '400ms' }),
            );
            return of(row);
          }),
        )
        .subscribe();
    });
    // 8 left for 400 ms: one per 50 ms (51 with the margin).
    expect(sent).to.deep.equal([0, 50 * HEADER_PACE_MARGIN, 100 * HEADER_PACE_MARGIN]);
  });

  it('should hold every dispatch until the reset once a refusal says nothing remains', () => {
    const scheduler = testScheduler();
    const sent: number[] = [];
    scheduler.run(({ cold, hot }) => {
      const pool = new Pool({ poolSize: 2 });
      const spent = {
        status: 429,
        headers: { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '300ms' },
      };
      let first = true;
      hot('a 9ms b|')
        .pipe(
          pool.map(() => {
            sent.push(scheduler.now());
            if (!first) return cold('2ms (r|)', { r: 'ok' });
            first = false;
            return cold('2ms #', {}, spent);
          }),
        )
        .subscribe();
    });
    // a's refusal at 2 says the quota is spent for 300 ms: nothing goes until 302 (b was due at
    // 10), then the other row follows as the throttle's raised delay allows.
    expect(sent.slice(0, 2)).to.deep.equal([0, 302]);
    expect(sent).to.have.length(3);
  });
});
