// The run signal's promise, for any script: every row read gets exactly one entry, in order, the
// run still completes, no call starts once the signal aborted, and none is left running.
import { expect } from 'chai';
import fc from 'fast-check';
import { defer, finalize, mergeMap, of, throwError, timer } from 'rxjs';
import { CapacityError } from '../../lib/errors/CapacityError.js';
import { PermanentError } from '../../lib/errors/PermanentError.js';
import { RetryableError } from '../../lib/errors/RetryableError.js';
import type { PoolEntry } from '../../lib/PoolEntry.js';
import { pooledMapFrom } from '../../lib/pull/pooledMapFrom.js';
import { testScheduler } from '../helpers/marbles.js';

type Kind = 'ok' | 'capacity' | 'retryable' | 'permanent';

const attempt = fc.record({
  kind: fc.constantFrom<Kind>('ok', 'capacity', 'retryable', 'permanent'),
  latency: fc.integer({ min: 0, max: 30 }),
});

const scenario = fc.record({
  rows: fc.array(fc.array(attempt, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 25 }),
  poolSize: fc.integer({ min: 1, max: 4 }),
  extraWindow: fc.integer({ min: 0, max: 4 }),
  // -1: aborted before the run starts.
  abortAt: fc.integer({ min: -1, max: 400 }),
});

const errorOf = (kind: Kind): Error =>
  kind === 'capacity'
    ? new CapacityError(429)
    : kind === 'retryable'
      ? new RetryableError('reset')
      : new PermanentError('bad row');

describe('signal properties', () => {
  it('should give every row read exactly one entry and leave no call running after an abort', () => {
    fc.assert(
      fc.property(scenario, ({ rows, poolSize, extraWindow, abortAt }) => {
        const scheduler = testScheduler();
        const controller = new AbortController();
        if (abortAt < 0) controller.abort();
        const entries: PoolEntry<number>[] = [];
        const starts: number[] = [];
        let running = 0;
        let runningAtAbort = -1;
        let completed = 0;
        let read = 0;
        let abortedFirst = false;
        scheduler.run(() => {
          const project = (row: number, ctx: { attempt: number }) =>
            defer(() => {
              starts.push(controller.signal.aborted ? -1 : scheduler.now());
              running++;
              const script = rows[row] as { kind: Kind; latency: number }[];
              // The last scripted attempt repeats: a row that keeps failing reaches its deadline.
              const step = script[Math.min(ctx.attempt, script.length) - 1] as {
                kind: Kind;
                latency: number;
              };
              return timer(step.latency).pipe(
                mergeMap(() => (step.kind === 'ok' ? of(row) : throwError(() => errorOf(step.kind)))),
                finalize(() => running--),
              );
            });
          const options = {
            poolSize,
            maxBuffered: poolSize + extraWindow,
            maxCapacityRetrySeconds: 0.3,
            signal: controller.signal,
          };
          function* source() {
            for (let i = 0; i < rows.length; i++) {
              read++;
              yield i;
            }
          }
          pooledMapFrom(source(), project, options).subscribe({
            next: (entry) => entries.push(entry),
            complete: () => {
              completed++;
              abortedFirst = controller.signal.aborted;
            },
          });
          if (abortAt >= 0) {
            scheduler.schedule(() => {
              controller.abort(new Error('stop'));
              runningAtAbort = running;
            }, abortAt);
          }
        });
        expect(completed).to.equal(1);
        expect(entries.map((e) => e.submitIndex)).to.deep.equal(entries.map((_, i) => i));
        expect(entries).to.have.length(read); // nothing lost
        if (!abortedFirst) expect(read).to.equal(rows.length);
        if (abortAt < 0) {
          expect(entries).to.deep.equal([]);
          expect(starts).to.deep.equal([]);
        }
        if (!abortedFirst || abortAt < 0) return;
        expect(runningAtAbort === -1 ? 0 : runningAtAbort).to.equal(0);
        expect(starts.every((t) => t >= 0 && t <= abortAt)).to.equal(true); // none after the abort
        for (const entry of entries) {
          // Every row was settled at the abort at the latest.
          expect(entry.completeTime).to.be.at.most(abortAt);
          const failure = entry.result._tag === 'Left' ? entry.result.left : undefined;
          if (failure?.reason !== 'shutdown_requested') continue;
          expect(entry.completeTime).to.equal(abortAt);
          expect((failure.error as Error).message).to.equal('stop');
        }
      }),
      { numRuns: 300 },
    );
  });
});
