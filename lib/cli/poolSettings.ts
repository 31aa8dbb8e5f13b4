// The pool settings of a CLI run: the config file's, overridden field by field by flags, decoded
// once with the PoolConfig codec. Each problem names where the bad value came from (the flag, or
// the file and the path inside it) in the config's one message template.
import { isLeft } from '../internal/either.js';
import type * as t from 'io-ts';
import { formatPoolConfigErrors } from '../config/formatPoolConfigErrors.js';
import { poolConfigWith, type PoolConfig } from '../config/PoolConfig.js';
import { maxBufferedProblem } from '../internal/parsePoolOptions.js';

/** Every pool setting, its flag and its help text; `maxBuffered` is the pool's, not the config's. */
export const POOL_FLAGS = {
  poolSize: ['--pool-size', 'concurrent requests, an integer ≥ 1 (default 1)'],
  minDispatchDelayMs: ['--min-delay-ms', 'least ms between two dispatches (default 0)'],
  maxDispatchDelayMs: ['--max-delay-ms', 'cap of the adaptive delay between dispatches (default 5000)'],
  backoffMultiplier: ['--backoff', 'delay multiplier on a capacity error, > 1 (default 2)'],
  recoveryStepMs: ['--recovery-step-ms', 'most a success lowers the delay by (default 50)'],
  maxCapacityRetrySeconds: [
    '--max-retry-seconds',
    "a row's deadline for retries, from its first call (default 3600)",
  ],
  maxBuffered: [
    '--max-buffered',
    'rows between reading and writing, ≥ pool size (default max(64, 8 × pool size))',
  ],
} as const;

export type PoolSettingName = keyof typeof POOL_FLAGS;
export type PoolFlagValues = Partial<Record<PoolSettingName, number>>;

/** The settings found in a config file (see loadConfig). */
export interface ConfigSection {
  /** The file, for messages. */
  file: string;
  /** Where the settings sit in it: "pool", or undefined for the top level. */
  pathPrefix: string | undefined;
  /** The settings object as parsed (not yet checked: it may not even be an object). */
  values: unknown;
}

// The file also takes maxBuffered (checked apart, against the pool size): name it among the known.
const FileConfig = poolConfigWith(['maxBuffered']);

export type PoolSettings = PoolConfig & { maxBuffered: number | undefined };

export type PoolSettingsResult = { ok: true; settings: PoolSettings } | { ok: false; problems: string[] };

/** Merges and checks the settings; every problem is listed, flags' and file's alike. */
export function resolvePoolSettings(
  section: ConfigSection | undefined,
  flags: PoolFlagValues,
): PoolSettingsResult {
  const problems: string[] = [];
  const fromFile = isPlainObject(section?.values) ? section.values : {};
  if (section !== undefined && section.values !== undefined && !isPlainObject(section.values)) {
    // Not an object: let the codec say so, at the right path, then go on with the flags alone.
    const decoded = FileConfig.decode(section.values);
    if (isLeft(decoded)) problems.push(...fileProblems(section, decoded.left));
  }
  const merged: Record<string, unknown> = { ...fromFile };
  for (const [name, value] of Object.entries(flags)) if (value !== undefined) merged[name] = value;
  const { maxBuffered, ...config } = merged;

  const decoded = FileConfig.decode(config);
  if (isLeft(decoded)) {
    for (const error of decoded.left) {
      const field = error.context[1]?.key ?? '';
      const flagGaveIt = (flags as Record<string, number | undefined>)[field] !== undefined;
      const fileGaveIt = !flagGaveIt && field in fromFile;
      problems.push(
        ...(fileGaveIt && section !== undefined
          ? fileProblems(section, [error])
          : flagProblems(field, [error])),
      );
    }
  }
  // Judged against the pool size given, even when another setting is wrong.
  const given = config.poolSize;
  const poolSize = typeof given === 'number' && Number.isInteger(given) && given >= 1 ? given : 1;
  const fileGaveIt = flags.maxBuffered === undefined && section !== undefined;
  const windowProblem = maxBufferedProblem(
    fileGaveIt ? `${section.file}: \`${join(section.pathPrefix, 'maxBuffered')}\`` : '`--max-buffered`',
    maxBuffered,
    poolSize,
  );
  if (windowProblem !== undefined) problems.push(windowProblem);
  if (isLeft(decoded) || problems.length > 0) return { ok: false, problems };
  return { ok: true, settings: { ...decoded.right, maxBuffered: maxBuffered as number | undefined } };
}

function fileProblems(section: ConfigSection, errors: t.Errors): string[] {
  return formatPoolConfigErrors(errors, section.pathPrefix).map((problem) => `${section.file}: ${problem}`);
}

/** "`poolSize` must …" becomes "`--pool-size` (poolSize) must …": the flag is what the user typed. */
function flagProblems(field: string, errors: t.Errors): string[] {
  const flag = (POOL_FLAGS as Record<string, readonly [string, string]>)[field]?.[0];
  return formatPoolConfigErrors(errors).map((problem) =>
    flag === undefined ? problem : problem.replace(`\`${field}\``, `\`${flag}\` (${field})`),
  );
}

function join(prefix: string | undefined, key: string): string {
  return prefix === undefined ? key : `${prefix}.${key}`;
}

function isPlainObject(u: unknown): u is Record<string, unknown> {
  return Object.prototype.toString.call(u) === '[object Object]';
}
