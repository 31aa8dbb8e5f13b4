// The engine of the `pooled-map` CLI, usable on its own (the demo drives it): NDJSON lines in,
// one POST per row through a shared Pool, one NDJSON record per row out, in input order.
import type { Pool, PoolStats } from '../Pool.js';
import { pooledMapIterable } from '../pull/pooledMapIterable.js';
import { httpProject } from './httpProject.js';
import { recordLine, type OutputRecord } from './OutputRecord.js';
import { readRows, type ReadCounters } from './readRows.js';
import { RowSlots } from './RowSlots.js';
import { Tally } from './Tally.js';
import { Wakeup } from './Wakeup.js';
import { writeInOrder } from './writeInOrder.js';

export interface PipelineProgress {
  /** Records written (rows finished, in order). */
  done: number;
  /** Of those, failed ones. */
  failed: number;
  /** Calls running now. */
  inFlight: number;
  /** The pool's current AIMD dispatch delay. */
  delayMs: number;
  /** Capacity rejections (429/503/529) seen by the pool's throttle. */
  rejections: number;
}

export interface PipelineOptions {
  /** Input lines, already positioned after --resume's skip. Blank lines are counted and skipped. */
  lines: AsyncIterable<string>;
  /** Index of the first row in `lines` (resume continues numbering); default 0. */
  firstIndex?: number;
  /** 1-based number of the first line of `lines` in the input, for records; default firstIndex + 1. */
  firstLine?: number;
  /** Writes one NDJSON record line, always ending with '\n'; awaited (return a promise for backpressure). */
  write: (line: string) => void | Promise<void>;
  /** The pool to run through; built by the caller so it can watch `throttle.delay$` / `stats$`. */
  pool: Pool;
  url: string;
  headers?: Record<string, string>;
  /** Per-attempt timeout; a timed-out attempt is retried (RetryableError). */
  timeoutMs?: number;
  /** Abort → stop reading, write the records already finished in order, abort calls, resolve aborted. */
  signal?: AbortSignal;
  /** Called every `progressIntervalMs` while running, and once at the end. */
  onProgress?: (progress: PipelineProgress) => void;
  /** Default 100. */
  progressIntervalMs?: number;
}

export interface PipelineSummary {
  /** Records written by this run. */
  rows: number;
  succeeded: number;
  /** Failed records by `failure.reason` (see FailureReason); a reason is absent while 0. */
  failedByReason: Record<string, number>;
  /** Blank lines skipped (they have no record and no index). */
  blankLines: number;
  stats: PoolStats;
  elapsedMs: number;
  /** The signal stopped the run: the records are a prefix of the full output. */
  aborted: boolean;
}

/**
 * Reads `lines`, POSTs each JSON row to `url` through `pool`, and writes one record per row, in
 * input order (format: OutputRecord). A line that is not JSON becomes an `invalid_input` record
 * and sends nothing; an answer that cannot be written back as JSON, an `unserializable_response`
 * record. Memory stays bounded whatever the input size: rows are read only while
 * fewer than `pool.maxBuffered` are between reading and writing.
 *
 * Resolves once every row is written, or after an abort once the rows already finished are
 * written and the calls still running are aborted (`aborted: true`). Rejects if `lines` or
 * `write` fails, after writing the records that came before.
 */
export async function runPipeline(options: PipelineOptions): Promise<PipelineSummary> {
  const { pool, signal } = options;
  const started = performance.now();
  const firstIndex = options.firstIndex ?? 0;
  const counters: ReadCounters = { blankLines: 0 };
  const tally = new Tally();
  const slots = new RowSlots(pool.maxBuffered);
  const wakeup = new Wakeup();
  const project = httpProject<string>(options.url, {
    headers: options.headers,
    timeoutMs: options.timeoutMs,
    body: (line) => line, // already checked JSON: sent byte for byte as the user wrote it
  });
  const start = { firstIndex, firstLine: options.firstLine ?? firstIndex + 1 };
  const rows = readRows(options.lines, slots, start, counters, signal);
  const entries = pooledMapIterable(rows, project, { pool })[Symbol.asyncIterator]();

  const progress = (): void =>
    options.onProgress?.({
      done: tally.rows,
      failed: tally.failed,
      inFlight: pool.stats().inFlight,
      delayMs: pool.throttle.currentDelayMs,
      rejections: pool.throttle.stats().capacityRetries,
    });
  const timer = options.onProgress && setInterval(progress, options.progressIntervalMs ?? 100);
  timer?.unref();
  const write = async (record: OutputRecord): Promise<void> => {
    const written = recordLine(record);
    await options.write(written.line);
    tally.add(written.record);
  };
  const onAbort = (): void => {
    wakeup.wake();
    slots.wakeReader();
  };
  slots.onInvalid = wakeup.wake;
  signal?.addEventListener('abort', onAbort, { once: true });
  let aborted: boolean;
  try {
    aborted = await writeInOrder(entries, slots, wakeup, signal, write);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (timer !== undefined) clearInterval(timer);
    await entries.return?.();
    project.close();
  }
  progress();
  return {
    rows: tally.rows,
    succeeded: tally.succeeded,
    failedByReason: { ...tally.failedByReason },
    blankLines: counters.blankLines,
    stats: pool.stats(),
    elapsedMs: performance.now() - started,
    aborted,
  };
}
