// Benchmark 1, operator overhead: 200,000 rows through a trivial project at concurrency 16, no
// throttling, so what is measured is each operator's own cost per row. Every measurement runs in
// a fresh process, and the repetitions are interleaved with a rotating order, so neither JIT
// state, heap state nor a burst of load from elsewhere on the machine favours one contender.
import { fixed, median, verdictLine, runChild, table, stamp, updateReadme, writeResult } from './common.js';
import type { Variant } from './overheadChild.js';

const CONTENDERS = [
  'mergeMap',
  'orderedMergeMap',
  'concatMap',
  'pooledMap',
  'pooledMapIterable',
  'pMapIterable',
  'Readable.map',
] as const;
const VARIANTS: readonly Variant[] = ['of', 'promise'];
const ROWS = Number(process.env.BENCH_ROWS ?? 200_000);
const REPS = Number(process.env.BENCH_REPS ?? 5);
const RUNS_PER_PROCESS = 3;

interface Sample {
  name: string;
  variant: Variant;
  nsPerRow: number[];
  cpuNsPerRow: number[];
}

type Metric = 'nsPerRow' | 'cpuNsPerRow';

export async function overhead(): Promise<void> {
  // Per metric, per `contender/variant`: every timed run of every process.
  const samples = { nsPerRow: new Map<string, number[]>(), cpuNsPerRow: new Map<string, number[]>() };
  for (let rep = 0; rep < REPS; rep++) {
    // Rotate the start of the order each repetition: every contender runs early and late.
    for (let k = 0; k < CONTENDERS.length; k++) {
      const name = CONTENDERS[(rep + k) % CONTENDERS.length] as string;
      for (const variant of VARIANTS) {
        const args = [name, variant, String(ROWS), '1', String(RUNS_PER_PROCESS)];
        const sample = await runChild<Sample>('overheadChild.ts', args);
        const key = `${name}/${variant}`;
        for (const metric of ['nsPerRow', 'cpuNsPerRow'] as const) {
          samples[metric].set(key, [...(samples[metric].get(key) ?? []), ...sample[metric]]);
        }
        process.stderr.write(
          `overhead ${rep + 1}/${REPS} ${key}: ${sample.nsPerRow.map((n) => fixed(n)).join(' ')}\n`,
        );
      }
    }
  }

  const ns = (name: string, variant: Variant, metric: Metric = 'nsPerRow'): number =>
    median(samples[metric].get(`${name}/${variant}`) ?? []);
  const cells = (name: string, v: Variant): string[] => [
    fixed(ns(name, v)),
    fixed(ns(name, v) / ns('mergeMap', v), 2) + '×',
    fixed(ns(name, v, 'cpuNsPerRow')),
  ];
  const markdown = table(
    ['contender', 'of(x): ns/row', '× mergeMap', 'CPU ns/row', 'Promise: ns/row', '× mergeMap', 'CPU ns/row'],
    CONTENDERS.map((name) => [name, ...cells(name, 'of'), ...cells(name, 'promise')]),
  );

  // The targets, checked on the medians.
  const checks: [string, boolean][] = [];
  for (const v of VARIANTS) {
    checks.push([`${v}: pooledMap ≤ 2× mergeMap`, ns('pooledMap', v) <= 2 * ns('mergeMap', v)]);
    checks.push([
      `${v}: orderedMergeMap ≤ 1.5× mergeMap`,
      ns('orderedMergeMap', v) <= 1.5 * ns('mergeMap', v),
    ]);
    for (const fast of ['pooledMap', 'pooledMapIterable']) {
      for (const slow of ['pMapIterable', 'Readable.map']) {
        checks.push([`${v}: ${fast} faster than ${slow}`, ns(fast, v) < ns(slow, v)]);
      }
    }
  }
  const verdicts = verdictLine(checks);
  const summary =
    `${stamp()}\n\n${ROWS.toLocaleString('en')} rows, concurrency 16, median of ${REPS} processes × ${RUNS_PER_PROCESS} runs ` +
    `(after one warm-up run each). Wall-clock ns per row; CPU ns per row counts every thread ` +
    `of the process (GC helpers included) but not time spent descheduled on a busy machine.\n\n` +
    `${markdown}\n\n${verdicts}`;
  console.log(`\n## Operator overhead\n\n${summary}\n`);
  const results = writeResult('overhead', {
    rows: ROWS,
    reps: REPS,
    runsPerProcess: RUNS_PER_PROCESS,
    nsPerRow: Object.fromEntries(samples.nsPerRow),
    cpuNsPerRow: Object.fromEntries(samples.cpuNsPerRow),
    checks,
  });
  updateReadme('overhead', summary);
  console.log(`results: ${results}`);
}
