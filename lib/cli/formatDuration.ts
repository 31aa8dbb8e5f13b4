// Durations for people: "850 ms", "12.3 s", "4m05s", "2h07m", "40 d". Shared by the progress and
// the summary.

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${pad(seconds % 60)}s`;
  if (seconds >= 2 * 86_400) return `${Math.round(seconds / 86_400)} d`;
  return `${Math.floor(seconds / 3600)}h${pad(Math.floor(seconds / 60) % 60)}m`;
}

/** A rate with sensible precision: 0.25, 12.5, 1234. */
export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond)) return '?';
  return perSecond >= 100 ? String(Math.round(perSecond)) : perSecond.toFixed(perSecond >= 10 ? 1 : 2);
}
