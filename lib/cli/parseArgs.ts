// Command line → options, with every problem listed at once. Commander defines the flags and the
// help, but stops at the first error; so values are taken as plain strings and checked here, and
// unknown options are collected instead of thrown, to report the whole command line in one go.
import { CommanderError } from 'commander';
import { renderValue } from '../config/renderValue.js';
import { MAX_TIMER_MS } from '../internal/safeDelay.js';
import { cliCommand, knownFlags } from './cliCommand.js';
import { extraArgumentProblem } from './extraArgumentProblem.js';
import { POOL_FLAGS, type PoolFlagValues, type PoolSettingName } from './poolSettings.js';
import { sharedGateFlags, type SharedGateFlags } from './sharedGateFlags.js';

export interface CliOptions {
  url: string;
  /** Input file; undefined for stdin. */
  input: string | undefined;
  /** Output file; undefined for stdout. */
  output: string | undefined;
  config: string | undefined;
  /** Pool settings given as flags (they override the config file). */
  pool: PoolFlagValues;
  headers: Record<string, string>;
  timeoutMs: number | undefined;
  /** Give up once no request has been answered for this long while attempts fail; Infinity: never. */
  giveUpAfterMs: number;
  resume: boolean;
  quiet: boolean;
  /** `--redis` and its companions: the run shares its pace with other processes; undefined: alone. */
  shared: SharedGateFlags | undefined;
}

export type ParsedArgs =
  | { kind: 'run'; options: CliOptions }
  | { kind: 'help' } // printed already
  // `options` holds what could be read, so the config can still be checked and its problems listed too.
  | { kind: 'invalid'; problems: string[]; options?: CliOptions };

/**
 * Seconds without an answer, every attempt failing, after which a run gives up. Long enough for a
 * server restart or a deploy; a wrong or unreachable URL is said plainly after 10 s (progress.ts).
 */
export const DEFAULT_GIVE_UP_AFTER_S = 300;

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Parses `argv` (the arguments only, without node and the script). */
export function parseArgs(argv: readonly string[], writeHelp?: (text: string) => void): ParsedArgs {
  const command = cliCommand();
  if (writeHelp !== undefined) command.configureOutput({ writeOut: writeHelp });
  const problems: string[] = [];
  const args = [...argv];
  // Commander throws on a value-taking flag with nothing after it, which can only be the last
  // argument: report it here and parse the rest, so the other problems are listed too.
  const last = args[args.length - 1];
  const lastOption =
    last === undefined
      ? undefined
      : command.options.find((o) => (o.long === last || o.short === last) && o.required);
  if (lastOption !== undefined) {
    problems.push(`\`${lastOption.long ?? last}\` needs a value`);
    args.pop();
  }
  try {
    command.parse(args, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError && error.exitCode === 0) return { kind: 'help' };
    problems.push(error instanceof Error ? error.message : String(error));
    return { kind: 'invalid', problems };
  }
  const raw = command.opts<Record<string, string | string[] | boolean | undefined>>();
  for (const extra of command.args) problems.push(extraArgumentProblem(extra, knownFlags(command)));

  const url = raw.url as string | undefined;
  if (url === undefined) problems.push('`--url` is required: the endpoint each row is POSTed to');
  else if (!isHttpUrl(url))
    problems.push(`\`--url\` must be an http:// or https:// URL, received ${renderValue(url)}`);

  const pool: PoolFlagValues = {};
  for (const [name, [flag]] of Object.entries(POOL_FLAGS) as [PoolSettingName, readonly [string, string]][]) {
    const value = numberFlag(flag, raw[attributeOf(flag)], problems);
    if (value !== undefined) pool[name] = value;
  }
  const timeoutMs = numberFlag('--timeout-ms', raw.timeoutMs, problems);
  if (timeoutMs !== undefined && !(timeoutMs > 0 && timeoutMs <= MAX_TIMER_MS)) {
    problems.push(
      `\`--timeout-ms\` must be a finite number > 0 and ≤ ${MAX_TIMER_MS}, received ${timeoutMs}`,
    );
  }
  const giveUpAfter = numberFlag('--give-up-after', raw.giveUpAfter, problems) ?? DEFAULT_GIVE_UP_AFTER_S;
  if (!(giveUpAfter >= 0)) {
    problems.push(
      `\`--give-up-after\` must be a finite number of seconds ≥ 0 (0: never), received ${giveUpAfter}`,
    );
  }
  const giveUpAfterMs = giveUpAfter === 0 ? Infinity : giveUpAfter * 1000;
  const headers = parseHeaders((raw.header as string[] | undefined) ?? [], problems);
  const input = fileFlag(raw.input);
  const output = fileFlag(raw.output);
  const resume = raw.resume === true;
  if (resume && output === undefined) {
    problems.push('`--resume` needs `--output <file>`: the run resumes from what that file holds');
  }

  const shared = sharedGateFlags(raw, url, problems);
  const config = raw.config as string | undefined;
  const quiet = raw.quiet === true;
  const options = {
    url: url ?? '',
    input,
    output,
    config,
    pool,
    headers,
    timeoutMs,
    giveUpAfterMs,
    resume,
    quiet,
    shared,
  };
  return problems.length > 0 ? { kind: 'invalid', problems, options } : { kind: 'run', options };
}

/** `--pool-size` → `poolSize`, as commander names the option's value. */
function attributeOf(flag: string): string {
  return flag.slice(2).replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** Strict: `Number('')` is 0 and `parseFloat('5x')` is 5, and either would hide a typo. */
function numberFlag(flag: string, raw: unknown, problems: string[]): number | undefined {
  if (typeof raw !== 'string') return undefined;
  const value = Number(raw);
  if (raw.trim() !== '' && Number.isFinite(value)) return value;
  problems.push(`\`${flag}\` must be a number, received ${renderValue(raw)}`);
  return undefined;
}

function parseHeaders(raw: string[], problems: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const header of raw) {
    const colon = header.indexOf(':');
    const name = colon < 0 ? '' : header.slice(0, colon).trim();
    if (!HEADER_NAME.test(name)) {
      problems.push(`\`--header\` must look like 'Name: value', received ${renderValue(header)}`);
      continue;
    }
    headers[name] = header.slice(colon + 1).trim(); // a repeated name: the last one wins
  }
  return headers;
}

function fileFlag(raw: unknown): string | undefined {
  return typeof raw === 'string' && raw !== '-' ? raw : undefined;
}

function isHttpUrl(text: string): boolean {
  try {
    const { protocol } = new URL(text);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
