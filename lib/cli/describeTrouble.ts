// Words for what goes wrong while a run goes on, shared by the progress line, the stall warning
// and the summary: failed attempts by cause, a pause the server asked for, a shared gate.
import type { PauseStats } from '../internal/ServerPause.js';
import type { SharedGateStats } from '../shared/SharedGateStats.js';
import { formatDuration } from './formatDuration.js';

/** How much of an error message a line quotes. */
const MESSAGE_CHARS = 120;

/** "42 failed attempts (ECONNREFUSED 40, HTTP 429 2), last: …", or undefined when none failed. */
export function describeFailedAttempts(
  failures: Record<string, number>,
  lastError: string | undefined,
): string | undefined {
  const causes = Object.entries(failures).sort(([, a], [, b]) => b - a);
  if (causes.length === 0) return undefined;
  const total = causes.reduce((sum, [, count]) => sum + count, 0);
  const counts = causes.map(([cause, count]) => `${cause} ${count}`).join(', ');
  const last = lastError === undefined ? '' : `, last: ${shorten(lastError)}`;
  return `${total} failed attempt${total === 1 ? '' : 's'} (${counts})${last}`;
}

/** "paused until 14:03:22 at the server's request (HTTP 429 …)", and what a cut pause means. */
export function describePause(pause: PauseStats, nowMs: number): string {
  const reason = pause.error instanceof Error ? pause.error.message : String(pause.error);
  const until = formatClock(nowMs + pause.remainingMs, nowMs);
  const text = `paused until ${until} at the server's request (${shorten(reason)})`;
  if (!pause.refusing) return text;
  return (
    `${text}: it asked for ${formatDuration(pause.requestedMs)}, beyond a row's retry budget ` +
    '(--max-retry-seconds), so the pause is cut to the budget and the rows waiting meanwhile fail'
  );
}

/** Local time of day, with the date when it is not today: "14:03:22", "2025-07-01 14:03:22". */
export function formatClock(epochMs: number, nowMs: number): string {
  const at = new Date(epochMs);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const time = `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
  if (at.toDateString() === new Date(nowMs).toDateString()) return time;
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${time}`;
}

function shorten(text: string): string {
  const line = text.trim().replace(/\s+/g, ' ');
  return line.length <= MESSAGE_CHARS ? line : `${line.slice(0, MESSAGE_CHARS - 1)}…`;
}

/** "limit 50.0/s (headers)", "limit 19.6/s (aimd)", or "no limit met yet" before any push-back. */
export function describeLimit(limitPerSecond: number, limitSource: 'headers' | 'aimd'): string {
  if (!Number.isFinite(limitPerSecond)) return 'no limit met yet';
  return `limit ${limitPerSecond.toFixed(limitPerSecond < 10 ? 2 : 1)}/s (${limitSource})`;
}

/**
 * A shared gate's standing: "gate pooled-map:http://api:8080 shared by 3 workers", or, with Redis
 * out of reach, "redis unreachable: pacing alone at 1/3 of the last shared pace".
 */
export function describeGate(shared: SharedGateStats): string {
  const { gate, mode, workers } = shared;
  if (mode === 'joining') return `gate ${gate}: joining`;
  if (mode === 'shared') return `gate ${gate} shared by ${workers} worker${workers === 1 ? '' : 's'}`;
  if (mode === 'paused') return 'redis unreachable: paused until it answers (--when-redis-down pause)';
  // Alone, the pool takes its share of the fleet's last pace: spacing × workers (StoreSession.unavailable).
  return workers > 1
    ? `redis unreachable: pacing alone at 1/${workers} of the last shared pace`
    : 'redis unreachable: pacing alone';
}
