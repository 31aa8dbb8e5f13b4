// pooled-map-sim's command line → startSimulatedApi's options, with every problem listed at once
// in the form pooled-map uses ("`--flag` must be <rule>, received <value>"), so a user fixes the
// whole command line in one go.
import { CommanderError } from 'commander';
import { extraArgumentProblem } from '../cli/extraArgumentProblem.js';
import { renderValue } from '../config/renderValue.js';
import { RATE_LIMIT_HEADERS, type RateLimitHeaders } from './LimiterOptions.js';
import { attributeOf, numberFlag, type Raw } from './flagValues.js';
import { checkLimiterFlags, limiterOptions, type Kind } from './limiterFlags.js';
import * as R from './Problems.js';
import { simulatedApiProblems } from './resolveSimulatedApiOptions.js';
import { simCommand } from './simCommand.js';
import type { SimulatedApiOptions } from './SimulatedApiOptions.js';

export type ParsedSimArgs =
  | { kind: 'run'; options: SimulatedApiOptions; statsIntervalMs: number }
  | { kind: 'help' }
  | { kind: 'invalid'; problems: string[] };

/** Option paths in startSimulatedApi's messages, as the flags that set them. */
const FLAG_OF: [RegExp, string | ((match: string, ...groups: string[]) => string)][] = [
  [/\blatency\.p99Ms\b/g, '`--latency-p99`'],
  [/\blatency\.medianMs\b/g, '`--latency-median`'],
  [/\berrorRate500\b/g, '`--error-500`'],
  [/\berrorRate400\b/g, '`--error-400`'],
  [
    /\blimiter\.limits\[(\d+)\]\.(\w+)/g,
    (_, i: string, name: string) => `\`--limits\` item ${+i + 1}'s ${name}`,
  ],
  [/\blimiter\.limit\b/g, '`--limit`'],
  [/\blimiter\.windowMs\b/g, '`--window-ms`'],
];

export function parseSimArgs(argv: readonly string[], writeHelp?: (text: string) => void): ParsedSimArgs {
  const command = simCommand();
  if (writeHelp !== undefined) command.configureOutput({ writeOut: writeHelp });
  const problems: string[] = [];
  const args = [...argv];
  // A value-taking flag with nothing after it can only be the last argument: say so, parse the rest.
  const last = args[args.length - 1];
  const dangling = command.options.find((o) => o.long === last && o.required);
  if (dangling !== undefined) {
    problems.push(`\`${dangling.long}\` needs a value`);
    args.pop();
  }
  try {
    command.parse(args, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError && error.exitCode === 0) return { kind: 'help' };
    return { kind: 'invalid', problems: [...problems, (error as Error).message] };
  }
  const known = command.options.map((o) => o.long!);
  for (const extra of command.args) {
    problems.push(
      extra.startsWith('-') && extra !== '-'
        ? extraArgumentProblem(extra, known)
        : `unexpected argument ${renderValue(extra)} (pooled-map-sim takes flags only)`,
    );
  }
  const raw = command.opts<Raw>();
  const given = (flag: string): boolean => raw[attributeOf(flag)] !== undefined;
  const number = (flag: string, rule: R.Rule): number | undefined => numberFlag(flag, raw, rule, problems);

  const kind = (raw.limiter ?? 'token-bucket') as Kind;
  checkLimiterFlags(kind, given, problems);
  const options: SimulatedApiOptions = {
    maxConcurrent: number('--max-concurrent', R.integerFrom(1, Infinity)),
    latency: {
      medianMs: number('--latency-median', R.nonNegative),
      p99Ms: number('--latency-p99', R.nonNegative),
    },
    errorRate500: number('--error-500', R.probability),
    errorRate400: number('--error-400', R.probability),
    headers: headersFlag(raw, problems),
    retryAfterFormat: formatFlag(raw, problems),
    port: number('--port', R.integerFrom(0, 65535)),
    host: raw.host as string | undefined,
    seed: number('--seed', R.integerFrom(0, 2 ** 32 - 1)),
    // Nobody reads the events here, and a long run would otherwise grow them without bound.
    recordEvents: false,
    ...limiterOptions(kind, raw, number, problems),
  };
  const statsIntervalMs = number('--stats-interval', R.nonNegative) ?? 1000;
  if (problems.length === 0) {
    // Rules across flags (a p99 below the median, say), in the flags' own names.
    for (const problem of simulatedApiProblems(options)) {
      problems.push(
        FLAG_OF.reduce((text, [pattern, flag]) => text.replace(pattern, flag as string), problem),
      );
    }
  }
  return problems.length > 0 ? { kind: 'invalid', problems } : { kind: 'run', options, statsIntervalMs };
}

function headersFlag(raw: Raw, problems: string[]): RateLimitHeaders[] {
  const names = typeof raw.headers === 'string' ? raw.headers.split(',').map((h) => h.trim()) : [];
  const unknown = names.filter((h) => !RATE_LIMIT_HEADERS.includes(h as RateLimitHeaders));
  if (unknown.length > 0) {
    problems.push(
      `\`--headers\` must list some of ${RATE_LIMIT_HEADERS.join(', ')}, received ${renderValue(unknown.join(','))}`,
    );
  }
  const wanted = names.filter((h): h is RateLimitHeaders => !unknown.includes(h));
  return raw.retryAfter === true ? ['retry-after', ...wanted] : wanted;
}

function formatFlag(raw: Raw, problems: string[]): 'seconds' | 'http-date' | undefined {
  const format = raw.retryAfterFormat;
  if (format === undefined || format === 'seconds' || format === 'http-date') return format;
  problems.push(`\`--retry-after-format\` must be seconds or http-date, received ${renderValue(format)}`);
  return undefined;
}
