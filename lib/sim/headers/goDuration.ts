// Durations as OpenAI's x-ratelimit-reset-* headers write them: Go's time.Duration format
// ("20ms", "1s", "6m0s", "1m30.5s", "1h0m0s"), here at whole-millisecond resolution.

/** `ms` rounded up to a whole millisecond (a client told too little would come back too early). */
export function goDuration(ms: number): string {
  const total = Math.ceil(Math.max(0, ms) - 1e-9);
  if (total === 0) return '0s';
  if (total < 1000) return `${total}ms`;
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor((total % 3_600_000) / 60_000);
  const seconds = (total % 60_000) / 1000; // exact in binary to the ms once printed
  const text = `${Number(seconds.toFixed(3))}s`;
  if (hours > 0) return `${hours}h${minutes}m${text}`;
  return minutes > 0 ? `${minutes}m${text}` : text;
}
