import { expect } from 'chai';
import fc from 'fast-check';
import { ReorderError } from '../../lib/errors/ReorderError.js';
import { reorder } from '../../lib/operators/reorder.js';
import { testScheduler } from '../helpers/marbles.js';
import { framesOf, timed, type Timed } from '../helpers/timed.js';

// Indices 0…n-1 arriving shuffled at random virtual times, sometimes with one left out: reorder
// must emit each index at the frame every lower one has come, and report a gap at completion.

interface Scenario {
  /** The indices in arrival order. */
  readonly arrivals: readonly number[];
  /** Frames before each arrival, counted from the one before. */
  readonly gaps: readonly number[];
  readonly endGap: number;
}

const scenarioArb: fc.Arbitrary<Scenario> = fc
  .integer({ min: 1, max: 12 })
  .chain((n) =>
    fc.record({
      all: fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
      missing: fc.option(fc.integer({ min: 0, max: n - 1 }), { freq: 3 }),
      gaps: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: n, maxLength: n }),
      endGap: fc.integer({ min: 0, max: 3 }),
    }),
  )
  .map(({ all, missing, gaps, endGap }) => {
    const arrivals = all.filter((index) => index !== missing);
    return { arrivals, gaps: gaps.slice(0, arrivals.length), endGap };
  });

interface Output {
  readonly frame: number;
  readonly notification: Timed<number>;
}

function runReorder({ arrivals, gaps, endGap }: Scenario): Output[] {
  const scheduler = testScheduler();
  const output: Output[] = [];
  scheduler.run(() => {
    const frames = framesOf(gaps);
    const source = timed<number>(scheduler, [
      ...arrivals.map((index, i) => [frames[i] as number, { kind: 'N', value: index }] as const),
      [(frames.at(-1) ?? 0) + endGap, { kind: 'C' }],
    ]);
    const record = (notification: Timed<number>): number =>
      output.push({ frame: scheduler.now(), notification });
    source.pipe(reorder((index) => index)).subscribe({
      next: (value) => record({ kind: 'N', value }),
      error: (error: unknown) => record({ kind: 'E', error }),
      complete: () => record({ kind: 'C' }),
    });
  });
  return output;
}

describe('reorder properties (virtual time)', () => {
  it('should emit each index once every lower one has come, then end as the indices allow', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const frames = framesOf(scenario.gaps);
        const arrivedAt = new Map(scenario.arrivals.map((index, i) => [index, frames[i] as number]));
        const end = (frames.at(-1) ?? 0) + scenario.endGap;
        // The first index that never came; every lower one is emitted when the last of them came.
        let missing = 0;
        while (arrivedAt.has(missing)) missing++;
        const expected: Output[] = [];
        let due = 0;
        for (let index = 0; index < missing; index++) {
          due = Math.max(due, arrivedAt.get(index) as number);
          expected.push({ frame: due, notification: { kind: 'N', value: index } });
        }
        const waiting = scenario.arrivals.length - missing;
        const behind = waiting === 1 ? '1 value waits' : `${waiting} values wait`;
        const gap = `reorder: the source completed without index ${missing}; ${behind} behind it`;
        expected.push({
          frame: end,
          notification: waiting === 0 ? { kind: 'C' } : { kind: 'E', error: new ReorderError(gap, missing) },
        });
        expect(runReorder(scenario)).to.deep.equal(expected);
      }),
      { numRuns: 400 },
    );
  });
});
