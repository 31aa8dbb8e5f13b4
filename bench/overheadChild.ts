// One overhead measurement in a fresh process: `overheadChild.ts <contender> <of|promise> <rows>
// <warmups> <runs>` prints the ns per row of each timed run as JSON. The project is trivial, so
// the time measured is the operator's own bookkeeping per row.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { Readable } from 'node:stream';
import { pMapIterable } from 'p-map';
import { concatMap, from, mergeMap, of, type Observable, type ObservableInput } from 'rxjs';
import { loadPackage, report } from './common.js';

export type Variant = 'of' | 'promise';
type Run = (rows: number[], variant: Variant) => Promise<number>;

const CONCURRENCY = 16;

/** Counts what an Observable emits, resolving when it completes. */
const countObservable = (source: Observable<unknown>): Promise<number> =>
  new Promise((done, fail) => {
    let n = 0;
    source.subscribe({ next: () => n++, error: fail, complete: () => done(n) });
  });

const countIterable = async (source: AsyncIterable<unknown>): Promise<number> => {
  let n = 0;
  for await (const entry of source) if (entry !== undefined) n++;
  return n;
};

// RxJS-based contenders get an Observable for 'of'; the promise-only libraries cannot take one,
// so their 'of' variant is the nearest thing: a plain synchronous value.
const observableProject = (variant: Variant): ((x: number) => ObservableInput<number>) =>
  variant === 'of' ? (x) => of(x) : (x) => Promise.resolve(x);
const valueProject = (variant: Variant): ((x: number) => number | Promise<number>) =>
  variant === 'of' ? (x) => x : (x) => Promise.resolve(x);

async function contenders(): Promise<Record<string, Run>> {
  const pkg = await loadPackage();
  return {
    mergeMap: (rows, v) => countObservable(from(rows).pipe(mergeMap(observableProject(v), CONCURRENCY))),
    orderedMergeMap: (rows, v) =>
      countObservable(from(rows).pipe(pkg.orderedMergeMap(observableProject(v), CONCURRENCY))),
    // The serial way to keep the order: one inner at a time.
    concatMap: (rows, v) => countObservable(from(rows).pipe(concatMap(observableProject(v)))),
    pooledMap: (rows, v) =>
      countObservable(from(rows).pipe(pkg.pooledMap(observableProject(v), { poolSize: CONCURRENCY }))),
    pooledMapIterable: (rows, v) =>
      countIterable(pkg.pooledMapIterable(rows, observableProject(v), { poolSize: CONCURRENCY })),
    pMapIterable: (rows, v) =>
      countIterable(pMapIterable(rows, valueProject(v), { concurrency: CONCURRENCY })),
    'Readable.map': (rows, v) =>
      countIterable(Readable.from(rows).map(valueProject(v), { concurrency: CONCURRENCY })),
  };
}

async function main(): Promise<void> {
  const [name = '', variant = 'of', rowsArg = '200000', warmupsArg = '1', runsArg = '3'] =
    process.argv.slice(2);
  const run = (await contenders())[name];
  if (run === undefined) throw new Error(`unknown contender ${name}`);
  const rows = Array.from({ length: Number(rowsArg) }, (_, i) => i);
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  // Warm-up runs let the JIT optimise the hot path before anything is timed.
  for (let i = 0; i < Number(warmupsArg); i++) await run(rows, variant as Variant);
  const profiler = await startProfiler(process.env.BENCH_CPU_PROFILE);
  const nsPerRow: number[] = [];
  // CPU time too (every thread of the process, GC helpers included): on a loaded machine the wall
  // clock also counts time spent descheduled, the CPU time does not.
  const cpuNsPerRow: number[] = [];
  for (let i = 0; i < Number(runsArg); i++) {
    gc(); // start each run from a clean heap, so one run does not pay for another's garbage
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    const count = await run(rows, variant as Variant);
    const elapsed = Number(process.hrtime.bigint() - start);
    const { user, system } = process.cpuUsage(cpu);
    if (count !== rows.length) throw new Error(`${name} emitted ${count} of ${rows.length} rows`);
    nsPerRow.push(elapsed / rows.length);
    cpuNsPerRow.push(((user + system) * 1000) / rows.length);
  }
  await profiler?.();
  report({ name, variant, nsPerRow, cpuNsPerRow });
}

/**
 * With a path, profiles the timed runs only (the V8 sampling profiler behind `node --cpu-prof`,
 * driven through the inspector so start-up and warm-up stay out of the picture); returns the
 * function that stops it and writes the `.cpuprofile`.
 */
async function startProfiler(path: string | undefined): Promise<(() => Promise<void>) | undefined> {
  if (path === undefined) return undefined;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 }); // µs; default 1000
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(path, JSON.stringify(profile));
    session.disconnect();
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
