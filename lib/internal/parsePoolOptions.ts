import { asyncScheduler, type SchedulerLike } from 'rxjs';
import { isLeft } from './either.js';
import { formatPoolConfigErrors } from '../config/formatPoolConfigErrors.js';
import { isPlainRecord } from '../config/optionsObject.js';
import { poolConfigWith, type PoolConfig } from '../config/PoolConfig.js';
import { PoolConfigError } from '../config/PoolConfigError.js';
import { renderValue } from '../config/renderValue.js';
import { classifyError, type ErrorKind } from '../errors/classifyError.js';
import type { AttemptEvent } from '../AttemptEvent.js';
import type { PoolOptions } from '../PoolOptions.js';
import { resolveSharedGate, type ResolvedSharedGate } from '../shared/SharedGateOptions.js';
import { AimdThrottle } from '../throttle/AimdThrottle.js';

/** Options after validation, with every default filled in. */
export interface ParsedPoolOptions {
  readonly config: PoolConfig;
  readonly scheduler: SchedulerLike;
  readonly classify: (error: unknown) => ErrorKind;
  readonly throttle: AimdThrottle;
  readonly maxBuffered: number;
  readonly sharedGate: ResolvedSharedGate | undefined;
  readonly onAttempt: ((event: AttemptEvent) => void) | undefined;
}

const delayFields = [
  'minDispatchDelayMs',
  'maxDispatchDelayMs',
  'backoffMultiplier',
  'recoveryStepMs',
] as const;

// Checked here rather than by the config codec, which names them among the known options.
const poolOnlyKeys = [
  'scheduler',
  'classify',
  'throttle',
  'maxBuffered',
  'sharedGate',
  'onAttempt',
] as const satisfies readonly (keyof PoolOptions)[];
const PoolOptionsConfig = poolConfigWith(poolOnlyKeys);

/**
 * Validates pool options when the pool is created, not when the first row arrives, and reports
 * every problem at once in a `PoolConfigError`, using the config's one message template.
 */
export function parsePoolOptions(options: PoolOptions = {}): ParsedPoolOptions {
  // JavaScript callers can pass anything: `new Pool(8)` or a Map must not run quietly with the
  // defaults, nor `new Pool(null)` fail with a TypeError about destructuring.
  if (!isPlainRecord(options as unknown)) {
    const rule = 'an object of options (or undefined for all defaults)';
    throw new PoolConfigError([problemLine('options', rule, options)]);
  }
  const {
    scheduler = asyncScheduler,
    classify = classifyError,
    throttle,
    maxBuffered,
    sharedGate,
    onAttempt,
    ...fields
  } = options;
  const problems: string[] = [];
  const problem = (name: string, rule: string, value: unknown): void => {
    problems.push(problemLine(name, rule, value));
  };

  if (throttle !== undefined) {
    if (!(throttle instanceof AimdThrottle)) problem('throttle', 'an AimdThrottle', throttle);
    for (const name of delayFields) {
      if (fields[name] !== undefined)
        problem(name, 'left out when a shared throttle is given (set it on the throttle)', fields[name]);
    }
  }
  const shared = throttle instanceof AimdThrottle ? throttle.settings : {};
  const decoded = PoolOptionsConfig.decode({ ...fields, ...shared });
  if (isLeft(decoded)) problems.push(...formatPoolConfigErrors(decoded.left));
  if (typeof scheduler?.now !== 'function' || typeof scheduler.schedule !== 'function') {
    problem('scheduler', 'a SchedulerLike (with now() and schedule())', scheduler);
  }
  if (typeof classify !== 'function') problem('classify', 'a function', classify);
  if (onAttempt !== undefined && typeof onAttempt !== 'function')
    problem('onAttempt', 'a function', onAttempt);

  const poolSize = isLeft(decoded) ? 1 : decoded.right.poolSize;
  const windowProblem = maxBufferedProblem('`maxBuffered`', maxBuffered, poolSize);
  if (windowProblem !== undefined) problems.push(windowProblem);
  let gate: ResolvedSharedGate | undefined = undefined;
  try {
    if (sharedGate !== undefined) gate = resolveSharedGate(sharedGate);
  } catch (error) {
    problems.push(...(error as PoolConfigError).problems);
  }
  if (isLeft(decoded) || problems.length > 0) throw new PoolConfigError(problems);

  const config = decoded.right;
  return {
    config,
    scheduler,
    classify,
    throttle: throttle ?? new AimdThrottle(pickDelays(config)),
    maxBuffered: maxBuffered ?? defaultMaxBuffered(config.poolSize),
    sharedGate: gate,
    onAttempt,
  };
}

/**
 * The reorder window's rule, shared with the CLI (which names the flag or the file's path):
 * undefined when `value` is absent or holds at least one row per permit.
 */
export function maxBufferedProblem(label: string, value: unknown, poolSize: number): string | undefined {
  if (value === undefined || (Number.isInteger(value) && (value as number) >= poolSize)) return undefined;
  return `${label} must be an integer ≥ poolSize (${poolSize}), received ${renderValue(value)}`;
}

function problemLine(name: string, rule: string, value: unknown): string {
  return `\`${name}\` must be ${rule}, received ${renderValue(value)}`;
}

function pickDelays(config: PoolConfig): Pick<PoolConfig, (typeof delayFields)[number]> {
  const { minDispatchDelayMs, maxDispatchDelayMs, backoffMultiplier, recoveryStepMs } = config;
  return { minDispatchDelayMs, maxDispatchDelayMs, backoffMultiplier, recoveryStepMs };
}

/**
 * The default reorder window, `max(64, 8 × poolSize)`. A row refused with `Retry-After: 1` waits
 * a whole second before its retry while later rows finish behind it: at 200 requests/s a window
 * of 4 × 32 filled in 0.64 s and stalled the pool (0.86 of the limit in virtual time; 0.97 at
 * 8 × 32).
 */
export const defaultMaxBuffered = (poolSize: number): number => Math.max(64, 8 * poolSize);
