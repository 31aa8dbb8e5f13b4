// Benchmark 1, operator overhead: 200,000 rows through a trivial project at concurrency 16, no
// throttling, so what is measured is each operator's own cost per row. Every measurement runs in
// a fresh process, and the repetitions are interleaved with a rotating order, so neither JIT
// state, heap state nor a burst of load from elsewhere on the machine favours one contender.
import { join } from 'node:path';
import { fixed, median, RESULTS_DIR, runChild, table, stamp, updateReadme, writeResult } from './common.js';
import type { Variant } from './overheadChild.js';

const CONTENDERS = ['mergeMap', 'pooledMap', 'pooledMapIterable', 'pMapIterable', 'Readable.map'] as const;
const VARIANTS: readonly Variant[] = ['of', 'promise'];
const ROWS = Number(process.env.BENCH_ROWS ?? 200_000);
const REPS = Number(process.env.BENCH_REPS ?? 5);
const RUNS_PER_PROCESS = 3;

interface Sample {
  name: string;
  variant: Variant;
  nsPerRow: number[];
}

export async function overhead(): Promise<void> {
  const samples = new Map<string, number[]>();
  for (let rep = 0; rep < REPS; rep++) {
    // Rotate the start of the order each repetition: every contender runs early and late.
    for (let k = 0; k < CONTENDERS.length; k++) {
      const name = CONTENDERS[(rep + k) % CONTENDERS.length] as string;
      for (const variant of VARIANTS) {
        const args = [name, variant, String(ROWS), '1', String(RUNS_PER_PROCESS)];
        const sample = await runChild<Sample>('overheadChild.ts', args);
        const key = `${name}/${variant}`;
        samples.set(key, [...(samples.get(key) ?? []), ...sample.nsPerRow]);
        process.stderr.write(
          `overhead ${rep + 1}/${REPS} ${key}: ${sample.nsPerRow.map((n) => fixed(n)).join(' ')}\n`,
        );
      }
    }
  }

  const ns = (name: string, variant: Variant): number => median(samples.get(`${name}/${variant}`) ?? []);
  const cell = (name: string, variant: Variant): string => fixed(ns(name, variant));
  const ratio = (name: string, variant: Variant): string =>
    fixed(ns(name, variant) / ns('mergeMap', variant), 2) + '×';
  const markdown = table(
    ['contender', 'of(x): ns/row', '× mergeMap', 'Promise: ns/row', '× mergeMap'],
    CONTENDERS.map((name) => [
      name,
      cell(name, 'of'),
      ratio(name, 'of'),
      cell(name, 'promise'),
      ratio(name, 'promise'),
    ]),
  );

  // The targets, checked on the medians.
  const checks: [string, boolean][] = [];
  for (const v of VARIANTS) {
    checks.push([`${v}: pooledMap ≤ 2× mergeMap`, ns('pooledMap', v) <= 2 * ns('mergeMap', v)]);
    for (const fast of ['pooledMap', 'pooledMapIterable']) {
      for (const slow of ['pMapIterable', 'Readable.map']) {
        checks.push([`${v}: ${fast} faster than ${slow}`, ns(fast, v) < ns(slow, v)]);
      }
    }
  }
  const verdicts = checks.map(([what, ok]) => `- ${ok ? 'holds' : '**fails**'}: ${what}`).join('\n');
  const summary =
    `${stamp()}\n\n${ROWS.toLocaleString('en')} rows, concurrency 16, median of ${REPS} processes × ${RUNS_PER_PROCESS} runs ` +
    `(after one warm-up run each).\n\n${markdown}\n\n${verdicts}`;
  console.log(`\n## Operator overhead\n\n${summary}\n`);
  const raw = Object.fromEntries(samples);
  writeResult('overhead', {
    rows: ROWS,
    reps: REPS,
    runsPerProcess: RUNS_PER_PROCESS,
    nsPerRow: raw,
    checks,
  });
  updateReadme('overhead', summary);
  console.log(`results: ${join(RESULTS_DIR, 'overhead.json')}`);
}
