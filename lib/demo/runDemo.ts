// The demo behind `npm start`: the CLI's own pipeline (runPipeline) streams the sample tickets
// through a pool far larger than the API allows, against a simulated API whose limit the pool is
// never told and which halves midway. What comes out: the records, a chart, and a short summary
// of how close the pool kept to the limit it had to discover.
import { mkdir, writeFile } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { countRows } from '../cli/countRows.js';
import { openOutput } from '../cli/openOutput.js';
import { startProgress, type ProgressMode } from '../cli/progress.js';
import { isBlank, readLines } from '../cli/readLines.js';
import { runPipeline, type PipelineSummary } from '../cli/runPipeline.js';
import { Pool } from '../Pool.js';
import { startSimulatedApi } from '../sim/startSimulatedApi.js';
import { renderReport } from './renderReport.js';
import { formatDemoSummary } from './formatDemoSummary.js';
import { phaseFigures, recordTimeline, type PhaseFigures } from './timeline.js';

export interface DemoOptions {
  /** NDJSON rows to send (default examples/data/rows.ndjson, from the package root). */
  rowsPath?: string;
  /** Where results.ndjson and report.svg go (default out). */
  outDir?: string;
  /** Send only the first rows (default all). */
  limit?: number;
  /** Far above what the capacity allows, on purpose: the throttle, not the pool size, must pace. */
  poolSize?: number;
  /** The simulated API's limit at the start, then from `changeAtMs` on. */
  capacityPerSecond?: number;
  changeAtMs?: number;
  changedCapacityPerSecond?: number;
  /** Median service time of the simulated API (default 20 ms). */
  latencyMs?: number;
  /** Default: a live bar on a terminal, a line every 2 s otherwise. */
  progress?: ProgressMode;
  /** Where the summary goes (default console.log). */
  log?: (line: string) => void;
  /** Stops the run early (Ctrl-C); the records and chart cover what was done. */
  signal?: AbortSignal;
}

export interface DemoResult {
  summary: PipelineSummary;
  phases: PhaseFigures[];
  resultsPath: string;
  reportPath: string;
}

// 2,000 rows at ~90 then ~50 accepted per second: about 30 s, the change near the middle.
export const DEMO_DEFAULTS = {
  rowsPath: 'examples/data/rows.ndjson',
  outDir: 'out',
  poolSize: 32,
  capacityPerSecond: 100,
  changeAtMs: 14_000,
  changedCapacityPerSecond: 50,
  latencyMs: 20,
} as const;

export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const o = { ...DEMO_DEFAULTS, ...withoutUndefined(options) };
  const resultsPath = join(o.outDir, 'results.ndjson');
  const reportPath = join(o.outDir, 'report.svg');
  const counted = await countRows(o.rowsPath);
  if (counted === undefined)
    throw new Error(`no sample rows at ${o.rowsPath}: run the demo from the package root`);
  const total = Math.min(counted, o.limit ?? Infinity);
  await mkdir(o.outDir, { recursive: true });

  const api = await startSimulatedApi({
    capacityPerSecond: o.capacityPerSecond,
    capacityChange: { atMs: o.changeAtMs, capacityPerSecond: o.changedCapacityPerSecond },
    latency: { medianMs: o.latencyMs },
  });
  try {
    // The default config: only the pool size is set. Nothing tells the pool the API's limit.
    const pool = new Pool({ poolSize: o.poolSize });
    const recording = recordTimeline(pool, api);
    const output = await openOutput(resultsPath, false);
    const mode = o.progress ?? (process.stderr.isTTY ? 'bar' : 'lines');
    const progress = startProgress(mode, total, { giveUpAfterMs: Infinity });
    let summary: PipelineSummary;
    try {
      summary = await runPipeline({
        lines: takeRows(readLines(createReadStream(o.rowsPath)), total),
        write: output.write,
        pool,
        url: api.url,
        signal: o.signal,
        onProgress: progress.update,
      });
    } finally {
      progress.stop();
      await output.close();
    }
    const data = recording.stop();
    const phases = phaseFigures(data.events, data.capacity, data.durationMs);
    const setup =
      `${summary.rows} rows · pool size ${o.poolSize}, default config · API limit ` +
      `${o.capacityPerSecond} → ${o.changedCapacityPerSecond} req/s at ${o.changeAtMs / 1000} s, unknown to the pool`;
    await writeFile(reportPath, renderReport(data, { subtitle: setup }));
    const log = o.log ?? ((line: string) => console.log(line));
    formatDemoSummary({ summary, phases, events: data.events, resultsPath, reportPath, setup }).forEach(
      (line) => log(line),
    );
    return { summary, phases, resultsPath, reportPath };
  } finally {
    await api.close();
  }
}

/** Lines up to the `count`-th row (blank lines are not rows); stopping early closes the file. */
async function* takeRows(lines: AsyncIterable<string>, count: number): AsyncGenerator<string> {
  if (count <= 0) return;
  let rows = 0;
  for await (const line of lines) {
    yield line;
    if (!isBlank(line) && ++rows >= count) return;
  }
}

// `{ ...defaults, ...options }` would let an explicit `undefined` erase a default.
function withoutUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}
