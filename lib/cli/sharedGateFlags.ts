// The flags that make a run share its pace with other processes through Redis: checked here, with
// the rest of the command line, so every problem is listed at once.
import { renderValue } from '../config/renderValue.js';
import { defaultGateName } from './defaultGateName.js';

export interface SharedGateFlags {
  /** `--redis`: where the gate lives. */
  redisUrl: string;
  /** `--gate`, or one derived from the target's origin. */
  gate: string;
  /** `--when-redis-down`. */
  whenDown: 'local' | 'pause';
}

// Redis Cluster hashes only what is inside the first {…}: the store refuses braces in a gate name.
const BRACES = /[{}]/;

/**
 * `--redis`, `--gate` and `--when-redis-down` as given (strings or undefined); undefined when the
 * run paces alone. `url` is the target, whose origin names the gate by default.
 */
export function sharedGateFlags(
  raw: { redis?: unknown; gate?: unknown; whenRedisDown?: unknown },
  url: string | undefined,
  problems: string[],
): SharedGateFlags | undefined {
  const redisUrl = raw.redis as string | undefined;
  const gate = raw.gate as string | undefined;
  const whenDown = raw.whenRedisDown as string | undefined;
  if (redisUrl === undefined) {
    if (gate !== undefined) problems.push('`--gate` needs `--redis <url>`: the gate lives in Redis');
    if (whenDown !== undefined) {
      problems.push('`--when-redis-down` needs `--redis <url>`: without Redis the run paces alone');
    }
    return undefined;
  }
  if (!isRedisUrl(redisUrl)) {
    problems.push(`\`--redis\` must be a redis:// or rediss:// URL, received ${renderValue(redisUrl)}`);
  }
  if (gate !== undefined && (gate.trim() === '' || BRACES.test(gate))) {
    problems.push(`\`--gate\` must be a non-empty name without { or }, received ${renderValue(gate)}`);
  }
  if (whenDown !== undefined && whenDown !== 'local' && whenDown !== 'pause') {
    problems.push(`\`--when-redis-down\` must be local or pause, received ${renderValue(whenDown)}`);
  }
  return {
    redisUrl,
    gate: gate ?? defaultGateName(url),
    whenDown: whenDown === 'pause' ? 'pause' : 'local',
  };
}

function isRedisUrl(text: string): boolean {
  try {
    const { protocol, hostname } = new URL(text);
    return (protocol === 'redis:' || protocol === 'rediss:') && hostname !== '';
  } catch {
    return false;
  }
}
