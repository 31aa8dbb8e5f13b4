// One human-readable line of counters, for the CLI's periodic and final reports on stderr.
import type { SimulatedApiStats } from './SimulatedApi.js';

const round = (n: number): number => Math.round(n * 100) / 100;

export function formatStats(s: SimulatedApiStats): string {
  return [
    `t=${(s.elapsedMs / 1000).toFixed(1)}s`,
    `limiter=${s.limiter.kind}`,
    `capacity=${round(s.capacityPerSecond)}/s`,
    `burst=${round(s.burst)}`,
    `200=${s.accepted}`,
    `429=${s.rejected429}`,
    `503=${s.rejected503}`,
    `500=${s.failed500}`,
    `400=${s.failed400}`,
    `other=${s.rejectedOther}`,
    `inFlight=${s.inFlight}`,
    `maxInFlight=${s.maxInFlight}`,
  ].join(' ');
}
