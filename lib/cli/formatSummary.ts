// The end-of-run report on stderr: what happened to the rows, how the pool behaved, how fast.
import { describeFailedAttempts, describeGate, describeLimit, describePause } from './describeTrouble.js';
import { formatDuration, formatRate } from './formatDuration.js';
import type { SharedGateStats } from '../shared/SharedGateStats.js';
import type { ResumePoint } from './resume.js';
import type { PipelineSummary } from './runPipeline.js';

/** Lines to print, without newlines. `resumed`: what the output held before this run. */
export function formatSummary(summary: PipelineSummary, resumed?: ResumePoint): string[] {
  const { rows, succeeded, failedByReason, blankLines, stats, elapsedMs } = summary;
  const failed = rows - succeeded;
  const reasons = Object.entries(failedByReason).map(([reason, count]) => `${reason} ${count}`);
  const lines = [
    `${rows} rows in ${formatDuration(elapsedMs)} (${formatRate((rows * 1000) / Math.max(elapsedMs, 1))} rows/s): ` +
      `${succeeded} succeeded, ${failed} failed${reasons.length > 0 ? ` (${reasons.join(', ')})` : ''}` +
      (blankLines > 0 ? `, ${blankLines} blank line${blankLines === 1 ? '' : 's'} skipped` : ''),
    `pool: ${stats.capacityRetries} capacity rejections, peak delay ${Math.round(stats.peakDelayMs)} ms, ` +
      `final delay ${Math.round(stats.currentDelayMs)} ms, ${stats.maxConcurrentReached} max in flight, ` +
      `${formatDuration(stats.totalThrottleTimeMs)} throttled, ` +
      `final ${describeLimit(stats.limitPerSecond, stats.limitSource)}`,
  ];
  if (resumed !== undefined && resumed.rows > 0) {
    lines.push(
      `resumed after ${resumed.rows} rows already written (${resumed.failed} failed)` +
        (resumed.droppedBytes > 0 ? `; dropped a torn last line of ${resumed.droppedBytes} bytes` : ''),
    );
  }
  const failing = describeFailedAttempts(summary.failedAttempts, summary.lastError);
  if (failing !== undefined) lines.push(`attempts: ${failing}`);
  if (stats.pause !== undefined) lines.push(describePause(stats.pause, Date.now()));
  if (stats.shared !== undefined) lines.push(describeSharing(stats.shared, summary.peakWorkers));
  if (summary.aborted && summary.gaveUp === undefined) {
    lines.push(`interrupted: the ${rows} rows finished in order are written; --resume continues from there`);
  }
  return lines.map((line) => `pooled-map: ${line}`);
}

/**
 * "gate … shared by 3 workers (fleet delay 12 ms, spacing 10 ms)": the most workers met
 * during the run (the fleet's size, though some ended first), then how the run stood at its end.
 */
function describeSharing(shared: SharedGateStats, peakWorkers: number): string {
  const plural = (n: number): string => `${n} worker${n === 1 ? '' : 's'}`;
  if (shared.mode !== 'shared') {
    const met = peakWorkers > 0 ? `, shared by ${plural(peakWorkers)} at most before` : ', never joined';
    return `gate ${shared.gate}: ${describeGate(shared)} at the end${met}`;
  }
  return (
    `gate ${shared.gate} shared by ${plural(Math.max(peakWorkers, shared.workers))} ` +
    `(fleet delay ${Math.round(shared.delayMs)} ms, spacing ${Math.round(shared.spacingMs)} ms)`
  );
}
