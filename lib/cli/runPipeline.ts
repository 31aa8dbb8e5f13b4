// The engine of the `pooled-map` CLI, usable on its own (the demo drives it): NDJSON lines in,
// one POST per row through a shared Pool, one NDJSON record per row out, in input order.
import type { PauseStats } from '../internal/ServerPause.js';
import { MAX_TIMER_MS } from '../internal/safeDelay.js';
import type { Pool, PoolStats } from '../Pool.js';
import type { SharedGateStats } from '../shared/SharedGateStats.js';
import { pooledMapIterable } from '../pull/pooledMapIterable.js';
import { httpProject } from './httpProject.js';
import { recordLine, type OutputRecord } from './OutputRecord.js';
import { readRows, type ReadCounters } from './readRows.js';
import { RowSlots } from './RowSlots.js';
import { RunWatch } from './RunWatch.js';
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
  /** The rate the pool believes the API allows, and whether the server's headers or AIMD say so. */
  limitPerSecond: number;
  limitSource: 'headers' | 'aimd';
  /** Capacity rejections (429/503/529) seen by the pool's throttle. */
  rejections: number;
  /** Failed attempts by cause ("HTTP 429", "ECONNREFUSED", "timeout"…), retried ones included. */
  failedAttempts: Record<string, number>;
  /** The message of the last failed attempt. */
  lastError: string | undefined;
  /**
   * How long every attempt has failed with no answer in between (a success or a refusal for
   * good); 0 while answers come. A pause the server asked for does not count.
   */
  stalledMs: number;
  /** The pause the server asked for that holds every dispatch now (`remainingMs` from now). */
  pause: PauseStats | undefined;
  /** The pool's standing with the gate it shares with other processes; undefined: it paces alone. */
  shared: SharedGateStats | undefined;
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
  /**
   * Gives up once every attempt has failed for this long with no answer in between (an
   * unreachable URL, a server down): stops as an abort does, with `gaveUp` saying why. Time in a
   * pause the server asked for does not count. Default: never.
   */
  giveUpAfterMs?: number;
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
  /** The signal stopped the run, or it gave up: the records are a prefix of the full output. */
  aborted: boolean;
  /** Why the run gave up on its own (see `giveUpAfterMs`), if it did. */
  gaveUp: string | undefined;
  /** Failed attempts by cause, and the last one's message (see PipelineProgress). */
  failedAttempts: Record<string, number>;
  lastError: string | undefined;
  /** The most workers the shared gate counted during the run (0 without a shared gate). */
  peakWorkers: number;
}

/**
 * Reads `lines`, POSTs each JSON row to `url` through `pool`, and writes one record per row, in
 * input order (format: OutputRecord). A line that is not JSON becomes an `invalid_input` record
 * and sends nothing; an answer that cannot be written back as JSON, an `unserializable_response`
 * record. Memory stays bounded whatever the input size: rows are read only while
 * fewer than `pool.maxBuffered` are between reading and writing.
 *
 * Resolves once every row is written, or after an abort (or giving up) once the rows already
 * finished are written and the calls still running are aborted (`aborted: true`). Rejects if
 * `lines` or `write` fails, after writing the records that came before.
 */
export async function runPipeline(options: PipelineOptions): Promise<PipelineSummary> {
  const { pool } = options;
  // Aborted by the caller's signal, or when the run gives up.
  const stop = new AbortController();
  const signal = stop.signal;
  const abort = (): void => stop.abort();
  options.signal?.addEventListener('abort', abort, { once: true });
  if (options.signal?.aborted === true) abort();
  const started = performance.now();
  const firstIndex = options.firstIndex ?? 0;
  const counters: ReadCounters = { blankLines: 0 };
  const tally = new Tally();
  const slots = new RowSlots(pool.maxBuffered);
  const wakeup = new Wakeup();
  const watch = new RunWatch(pool, tally, options.giveUpAfterMs ?? Infinity, stop);
  const project = httpProject<string>(options.url, {
    headers: options.headers,
    timeoutMs: options.timeoutMs,
    body: (line) => line, // already checked JSON: sent byte for byte as the user wrote it
  });
  const start = { firstIndex, firstLine: options.firstLine ?? firstIndex + 1 };
  const rows = readRows(options.lines, slots, start, counters, signal);
  const entries = pooledMapIterable(rows, watch.watch(project), { pool })[Symbol.asyncIterator]();

  const report = (running: boolean): void => {
    const progress = watch.tick(running);
    options.onProgress?.(progress);
  };
  const watching = options.onProgress !== undefined || options.giveUpAfterMs !== undefined;
  const interval = Math.min(options.progressIntervalMs ?? 100, MAX_TIMER_MS);
  const timer = watching ? setInterval(report, interval, true) : undefined;
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
  signal.addEventListener('abort', onAbort, { once: true });
  let aborted: boolean;
  try {
    aborted = await writeInOrder(entries, slots, wakeup, signal, write);
  } finally {
    options.signal?.removeEventListener('abort', abort);
    if (timer !== undefined) clearInterval(timer);
    await entries.return?.();
    project.close();
  }
  report(false);
  return {
    rows: tally.rows,
    succeeded: tally.succeeded,
    failedByReason: { ...tally.failedByReason },
    blankLines: counters.blankLines,
    stats: pool.stats(),
    elapsedMs: performance.now() - started,
    aborted,
    gaveUp: watch.gaveUp,
    failedAttempts: { ...watch.attempts.failures },
    lastError: watch.attempts.lastError,
    peakWorkers: watch.peakWorkers,
  };
}
