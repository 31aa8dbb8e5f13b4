import { expect } from 'chai';
import fc from 'fast-check';
import {
  concat,
  concatMap,
  from,
  mergeMap,
  Observable,
  throwError,
  type OperatorFunction,
  type SchedulerLike,
} from 'rxjs';
import { orderedMergeMap } from '../../lib/operators/orderedMergeMap.js';
import { testScheduler } from '../helpers/marbles.js';
import { framesOf, timed, type Timed } from '../helpers/timed.js';

// Random sources and inners in virtual time: orderedMergeMap must emit what concatMap emits, in the
// same order, each value at the frame the reorder rule gives it, with mergeMap's subscriptions.

interface InnerSpec {
  /** Values emitted synchronously, inside `subscribe`. */
  readonly sync: number;
  /** Frames before each later value (the first counted from the subscription). */
  readonly gaps: readonly number[];
  /** Frames from the last value to the end; with no gaps and 0, the inner ends synchronously. */
  readonly endGap: number;
  readonly fails: boolean;
}

interface Row {
  /** Frames after the previous source value (the first: after the subscription). */
  readonly gap: number;
  readonly inner: InnerSpec;
}

interface Scenario {
  readonly rows: readonly Row[];
  readonly endGap: number;
  readonly concurrent: number;
}

const innerArb = (fails: boolean): fc.Arbitrary<InnerSpec> =>
  fc.record({
    sync: fc.integer({ min: 0, max: 2 }),
    gaps: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }),
    endGap: fc.integer({ min: 0, max: 4 }),
    fails: fails ? fc.integer({ min: 0, max: 5 }).map((n) => n === 0) : fc.constant(false),
  });

const scenarioArb = (fails: boolean): fc.Arbitrary<Scenario> =>
  fc.record({
    rows: fc.array(fc.record({ gap: fc.integer({ min: 0, max: 3 }), inner: innerArb(fails) }), {
      minLength: 1,
      maxLength: 8,
    }),
    endGap: fc.integer({ min: 0, max: 3 }),
    concurrent: fc.oneof(fc.integer({ min: 1, max: 4 }), fc.constant(Infinity)),
  });

interface Output {
  readonly frame: number;
  readonly kind: 'N' | 'E' | 'C';
  readonly value?: string;
}

/** What one operator did with a scenario: its output, and when each inner was subscribed and ended. */
interface Run {
  readonly output: Output[];
  readonly subscribed: number[];
  readonly ended: number[];
  maxActive: number;
}

const failure = new Error('inner failed');

/** The inner of source value `row`: its values are `row.j`, the sync ones first. */
function innerOf(
  scheduler: SchedulerLike,
  row: number,
  { sync, gaps, endGap, fails }: InnerSpec,
): Observable<string> {
  const values = Array.from({ length: sync + gaps.length }, (_, j) => `${row}.${j}`);
  const syncPart = from(values.slice(0, sync));
  if (gaps.length === 0 && endGap === 0) {
    return fails
      ? concat(
          syncPart,
          throwError(() => failure),
        )
      : syncPart; // wholly synchronous
  }
  const frames = framesOf(gaps);
  const events = frames.map((frame, j) => [frame, { kind: 'N', value: values[sync + j] as string }] as const);
  const ending: Timed<string> = fails ? { kind: 'E', error: failure } : { kind: 'C' };
  const end = [(frames.at(-1) ?? 0) + endGap, ending] as const;
  return concat(syncPart, timed(scheduler, [...events, end]));
}

/** Runs the scenario through `operator` in fresh virtual time, tracking every inner. */
function runScenario(
  scenario: Scenario,
  operator: (project: (row: number) => Observable<string>) => OperatorFunction<number, string>,
): Run {
  const scheduler = testScheduler();
  const run: Run = { output: [], subscribed: [], ended: [], maxActive: 0 };
  let active = 0;
  scheduler.run(() => {
    const now = (): number => scheduler.now();
    const project = (row: number): Observable<string> =>
      new Observable<string>((subscriber) => {
        run.subscribed[row] = now();
        run.maxActive = Math.max(run.maxActive, ++active);
        // Counted out when it ends, not at its teardown: a synchronous inner ends inside `subscribe`,
        // and the operator may subscribe the next one before this teardown is even registered.
        let running = true;
        const stop = (): void => {
          if (running) active--;
          running = false;
        };
        const subscription = innerOf(scheduler, row, (scenario.rows[row] as Row).inner).subscribe({
          next: (value) => subscriber.next(value),
          error: (error: unknown) => {
            stop();
            subscriber.error(error);
          },
          complete: () => {
            stop();
            run.ended[row] = now();
            subscriber.complete();
          },
        });
        return () => {
          stop();
          subscription.unsubscribe();
        };
      });
    const frames = framesOf(scenario.rows.map((row) => row.gap));
    const source = timed<number>(scheduler, [
      ...frames.map((frame, row) => [frame, { kind: 'N', value: row }] as const),
      [(frames.at(-1) ?? 0) + scenario.endGap, { kind: 'C' }],
    ]);
    source.pipe(operator(project)).subscribe({
      next: (value) => run.output.push({ frame: now(), kind: 'N', value }),
      error: () => run.output.push({ frame: now(), kind: 'E' }),
      complete: () => run.output.push({ frame: now(), kind: 'C' }),
    });
  });
  return run;
}

const valuesOf = (run: Run): string[] =>
  run.output.flatMap((o) => (o.kind === 'N' ? [o.value as string] : []));
const endOf = (run: Run): Output | undefined => run.output.find((o) => o.kind !== 'N');

/** The frame each value of `ordered` is due: when it came under mergeMap, or when every earlier inner ended. */
function dueFrames(ordered: Run, merged: Run): number[] {
  const arrival = new Map(merged.output.map((o) => [o.value, o.frame]));
  return valuesOf(ordered).map((value) => {
    const row = Number(value.split('.')[0]);
    return Math.max(arrival.get(value) ?? NaN, ...merged.ended.slice(0, row).map((frame) => frame ?? NaN));
  });
}

/** Runs a scenario through orderedMergeMap, mergeMap (same limit) and concatMap. */
function runAll(scenario: Scenario): { ordered: Run; merged: Run; serial: Run } {
  return {
    ordered: runScenario(scenario, (project) => orderedMergeMap(project, scenario.concurrent)),
    merged: runScenario(scenario, (project) => mergeMap(project, scenario.concurrent)),
    serial: runScenario(scenario, (project) => concatMap(project)),
  };
}

describe('orderedMergeMap properties (virtual time)', function () {
  this.timeout(30_000);

  it("should emit what concatMap emits, each value once every earlier inner has ended, with mergeMap's subscriptions", () => {
    fc.assert(
      fc.property(scenarioArb(false), (scenario) => {
        const { ordered, merged, serial } = runAll(scenario);
        expect(valuesOf(ordered)).to.deep.equal(valuesOf(serial));
        expect(ordered.output.filter((o) => o.kind === 'N').map((o) => o.frame)).to.deep.equal(
          dueFrames(ordered, merged),
        );
        // Never later than concatMap, which waits for each inner before subscribing the next.
        const serialFrame = new Map(serial.output.map((o) => [o.value, o.frame]));
        for (const o of ordered.output) {
          if (o.kind === 'N') expect(o.frame).to.be.at.most(serialFrame.get(o.value) as number);
        }
        expect(ordered.subscribed).to.deep.equal(merged.subscribed);
        expect(ordered.ended).to.deep.equal(merged.ended);
        expect(ordered.maxActive).to.be.at.most(scenario.concurrent);
        expect(endOf(ordered)).to.deep.equal(endOf(merged));
        expect(endOf(ordered)).to.include({ kind: 'C' });
      }),
      { numRuns: 400 },
    );
  });

  it('should fail when mergeMap does, having emitted a prefix of what concatMap emits', () => {
    fc.assert(
      fc.property(scenarioArb(true), (scenario) => {
        const { ordered, merged, serial } = runAll(scenario);
        const emitted = valuesOf(ordered);
        expect(emitted).to.deep.equal(valuesOf(serial).slice(0, emitted.length));
        expect(ordered.output.filter((o) => o.kind === 'N').map((o) => o.frame)).to.deep.equal(
          dueFrames(ordered, merged),
        );
        expect(ordered.subscribed).to.deep.equal(merged.subscribed);
        expect(ordered.maxActive).to.be.at.most(scenario.concurrent);
        expect(endOf(ordered)).to.deep.equal(endOf(merged));
      }),
      { numRuns: 400 },
    );
  });
});
