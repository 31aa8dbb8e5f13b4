// Progress on stderr (stdout may carry the records): a live bar on a terminal, a plain line every
// few seconds otherwise (a log file or CI gets a readable history, not a stream of control
// characters), or nothing with --quiet. Failed attempts and a server's pause show as they happen,
// and a run where no request has been answered for a while says so on a line of its own.
import { SingleBar } from 'cli-progress';
import { describeFailedAttempts, describeGate, describePause, describeLimit } from './describeTrouble.js';
import { formatDuration, formatRate } from './formatDuration.js';
import type { PipelineProgress } from './runPipeline.js';

export type ProgressMode = 'bar' | 'lines' | 'none';

export interface ProgressReporter {
  update(progress: PipelineProgress): void;
  stop(): void;
}

const LINE_INTERVAL_MS = 2000;
/** After this long with every attempt failing and no answer, a plain warning line. */
export const STALL_WARNING_MS = 10_000;

export interface ProgressSettings {
  /** When the run gives up (--give-up-after), for the warning; Infinity: never. */
  giveUpAfterMs: number;
  /** Where lines go; default stderr. */
  write?: (text: string) => void;
}
/** The rate (and so the ETA) is measured over this last stretch, so it follows the API's pace. */
const RATE_WINDOW_MS = 10_000;

/** `total`: rows this run will write, when known (counted up front for a regular input file). */
export function startProgress(
  mode: ProgressMode,
  total: number | undefined,
  settings: ProgressSettings,
): ProgressReporter {
  if (mode === 'none') return { update: () => undefined, stop: () => undefined };
  const write = settings.write ?? ((text: string) => void process.stderr.write(text));
  const rate = new RateMeter();
  const warning = new StallWarning(settings.giveUpAfterMs);
  const details = (p: PipelineProgress): string => {
    const failing = describeFailedAttempts(p.failedAttempts, p.lastError);
    return (
      `${formatRate(rate.perSecond)} rows/s | ${p.failed} failed | in flight ${p.inFlight} | ` +
      `delay ${Math.round(p.delayMs)} ms | ${describeLimit(p.limitPerSecond, p.limitSource)} | ` +
      `${p.rejections} rejections` +
      (failing === undefined ? '' : ` | ${failing}`) +
      (p.pause === undefined ? '' : ` | ${describePause(p.pause, Date.now())}`) +
      (p.shared === undefined ? '' : ` | ${describeGate(p.shared)}`)
    );
  };
  const eta = (p: PipelineProgress): string =>
    total === undefined || rate.perSecond <= 0
      ? '?'
      : formatDuration(((total - p.done) / rate.perSecond) * 1000);

  if (mode === 'bar') {
    const bar = new SingleBar({
      stream: process.stderr,
      format:
        total === undefined
          ? '{value} rows | {details} | {elapsed}'
          : '{bar} {percentage}% | {value}/{total} rows | {details} | ETA {etaText}',
      hideCursor: true,
      barsize: 24,
      fps: 10,
    });
    const started = Date.now();
    bar.start(total ?? 0, 0, { details: '', etaText: '?', elapsed: '0 ms' });
    return {
      update(p) {
        rate.add(p.done);
        // Clear the bar's line, print the warning, and let the bar draw itself again below.
        const text = warning.check(p);
        if (text !== undefined) write(`\r\x1b[2K${text}\n`);
        bar.update(p.done, {
          details: details(p),
          etaText: eta(p),
          elapsed: formatDuration(Date.now() - started),
        });
      },
      stop: () => bar.stop(),
    };
  }

  let lastLine = Date.now();
  return {
    update(p) {
      rate.add(p.done);
      const text = warning.check(p);
      if (text !== undefined) write(`${text}\n`);
      if (Date.now() - lastLine < LINE_INTERVAL_MS) return;
      lastLine = Date.now();
      const count =
        total === undefined
          ? `${p.done} rows`
          : `${p.done}/${total} rows (${Math.floor((p.done / Math.max(total, 1)) * 100)}%)`;
      const tail = total === undefined ? '' : ` | ETA ${eta(p)}`;
      write(`pooled-map: ${count} | ${details(p)}${tail}\n`);
    },
    stop: () => undefined,
  };
}

/** Says once per stall, in plain words, that no request has been answered for a while. */
class StallWarning {
  private warned = false;

  constructor(private readonly giveUpAfterMs: number) {}

  /** The warning to print now, if one is due. */
  check(p: PipelineProgress): string | undefined {
    if (p.stalledMs === 0) this.warned = false;
    if (this.warned || p.stalledMs < STALL_WARNING_MS) return undefined;
    this.warned = true;
    const failing = describeFailedAttempts(p.failedAttempts, p.lastError) ?? 'attempts failing';
    const end = Number.isFinite(this.giveUpAfterMs)
      ? `the run gives up after ${formatDuration(this.giveUpAfterMs)} without an answer (--give-up-after)`
      : 'the run never gives up (--give-up-after 0): Ctrl-C stops it';
    return (
      `pooled-map: warning: no request has been answered for ${formatDuration(p.stalledMs)}: ` +
      `${failing}. Still retrying; ${end}`
    );
  }
}

/** Rows per second over the last RATE_WINDOW_MS, from (time, count) samples. */
class RateMeter {
  perSecond = 0;
  private readonly samples: [number, number][] = [];

  add(done: number): void {
    const now = Date.now();
    this.samples.push([now, done]);
    while (this.samples.length > 2 && now - this.samples[0]![0] > RATE_WINDOW_MS) this.samples.shift();
    const [t0, d0] = this.samples[0]!;
    this.perSecond = now > t0 ? ((done - d0) * 1000) / (now - t0) : 0;
  }
}
