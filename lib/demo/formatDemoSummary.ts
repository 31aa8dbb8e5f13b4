// The few lines `npm start` ends with: did every row come through, how close the pool kept to a
// limit it was never told (per phase of the limit), what that cost in rejections, where the files are.
import { formatDuration, formatRate } from '../cli/formatDuration.js';
import type { PipelineSummary } from '../cli/runPipeline.js';
import type { SimulatedApiEvents } from '../sim/EventLog.js';
import type { PhaseFigures } from './timeline.js';

export interface DemoFigures {
  summary: PipelineSummary;
  phases: readonly PhaseFigures[];
  events: SimulatedApiEvents;
  resultsPath: string;
  reportPath: string;
  /** One line on how the run was set up. */
  setup: string;
}

const percent = (part: number, whole: number): string =>
  `${whole > 0 ? ((part / whole) * 100).toFixed(1) : '0.0'}%`;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
// A configured limit reads as given (50, not 50.0); a measured rate gets formatRate's precision.
const limit = (perSecond: number): string =>
  Number.isInteger(perSecond) ? String(perSecond) : formatRate(perSecond);

/** Lines to print, without newlines. */
export function formatDemoSummary({
  summary,
  phases,
  events,
  resultsPath,
  reportPath,
  setup,
}: DemoFigures): string[] {
  const { rows, succeeded, stats, elapsedMs } = summary;
  const failed = Object.entries(summary.failedByReason).map(([reason, count]) => `${count} ${reason}`);
  let rejected = 0;
  for (let i = 0; i < events.count; i += 1)
    if (events.code[i] === 429 || events.code[i] === 503) rejected += 1;

  return [
    '',
    setup,
    `${summary.aborted ? 'Interrupted' : 'Done'}: ${rows} rows in ${formatDuration(elapsedMs)}, ` +
      `${succeeded} succeeded${failed.length > 0 ? `, ${failed.join(', ')}` : ''}.`,
    'Goodput (requests the API accepted per second) against its capacity, per phase:',
    ...phases.map(
      (p) =>
        `  ${seconds(p.startMs).padStart(6)} to ${seconds(p.endMs).padEnd(7)} capacity ` +
        `${limit(p.capacityPerSecond).padStart(5)}/s  goodput ${formatRate(p.goodputPerSecond).padStart(5)}/s ` +
        `(${percent(p.goodputPerSecond, p.capacityPerSecond)})  rejected ${percent(p.rejected, p.requests)} of ${p.requests} requests`,
    ),
    `Rejections: ${rejected} of ${events.count} requests (${percent(rejected, events.count)}); ` +
      `the pool's delay peaked at ${Math.round(stats.peakDelayMs)} ms and ended at ${Math.round(stats.currentDelayMs)} ms.`,
    `Results: ${resultsPath} (one record per row, in input order)`,
    `Chart:   ${reportPath}`,
  ];
}
