#!/usr/bin/env node
// `pooled-map-sim`: runs the simulated rate-limited API until SIGINT or SIGTERM. The URL is the
// first line on stdout so a script can read it; progress and final counters go to stderr so they
// never mix with it. Usage errors exit with code 2, as command-line tools customarily do.
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { formatStats } from './formatStats.js';
import type { SimulatedApi } from './SimulatedApi.js';
import type { CapacityChange, SimulatedApiOptions } from './SimulatedApiOptions.js';
import { startSimulatedApi } from './startSimulatedApi.js';

const USAGE_ERROR = 2;

function fail(message: string, exitCode = USAGE_ERROR): never {
  process.stderr.write(`pooled-map-sim: ${message}\n`);
  process.exit(exitCode);
}

// Strict parsers: Number('') is 0 and parseFloat('5x') is 5, both of which would hide a typo.
const numberOf =
  (rule: string, ok: (n: number) => boolean) =>
  (text: string): number => {
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n) || !ok(n))
      throw new InvalidArgumentError(`Expected ${rule}.`);
    return n;
  };
const positive = numberOf('a number > 0', (n) => n > 0);
const nonNegative = numberOf('a number >= 0', (n) => n >= 0);
const atLeastOne = numberOf('a number >= 1', (n) => n >= 1);
const probability = numberOf('a probability from 0 to 1', (n) => n >= 0 && n <= 1);
const integer = (min: number, max: number) =>
  numberOf(`an integer from ${min} to ${max}`, (n) => Number.isInteger(n) && n >= min && n <= max);
const repeatable =
  (parse: (text: string) => number) =>
  (text: string, previous: number[] = []): number[] => [...previous, parse(text)];

interface Flags {
  capacity: number;
  burst?: number;
  maxConcurrent?: number;
  latencyMedian: number;
  latencyP99?: number;
  error500: number;
  error400: number;
  retryAfter: boolean;
  changeAt?: number[];
  changeTo?: number[];
  port: number;
  host: string;
  seed: number;
  statsInterval: number;
}

function parseFlags(argv: string[]): Flags & { changes: CapacityChange[] } {
  const program = new Command('pooled-map-sim')
    .description('A simulated rate-limited HTTP API on loopback: POST JSON rows to the URL it prints.')
    .option('--capacity <n>', 'sustained requests per second (token bucket rate)', positive, 100)
    .option('--burst <n>', 'token bucket size (default: capacity / 10, at least 1)', atLeastOne)
    .option(
      '--max-concurrent <n>',
      'requests served at once; more get 503',
      integer(1, Number.MAX_SAFE_INTEGER),
    )
    .option('--latency-median <ms>', 'median service time', nonNegative, 20)
    .option('--latency-p99 <ms>', '99th-percentile service time (default: 4 × median)', nonNegative)
    .option('--error-500 <p>', 'probability that an admitted request answers 500', probability, 0)
    .option('--error-400 <p>', 'probability that an admitted request answers 400', probability, 0)
    .option('--retry-after', 'send Retry-After (whole seconds) with each 429', false)
    .option(
      '--change-at <ms>',
      'time of a capacity change (repeatable, pairs with --change-to)',
      repeatable(nonNegative),
    )
    .option('--change-to <n>', 'capacity from the matching --change-at on (repeatable)', repeatable(positive))
    .option('--port <n>', 'TCP port, 0 for an ephemeral one', integer(0, 65535), 0)
    .option('--host <address>', 'interface to bind (loopback unless you say otherwise)', '127.0.0.1')
    .option('--seed <n>', 'PRNG seed of latencies and faults', integer(0, 2 ** 32 - 1), 1)
    .option('--stats-interval <ms>', 'period of the stats line on stderr, 0 for none', nonNegative, 1000)
    .showHelpAfterError('(run pooled-map-sim --help for usage)')
    .exitOverride();
  try {
    program.parse(argv);
  } catch (error) {
    // Commander has already printed its message; --help and --version end with exit code 0.
    if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : USAGE_ERROR);
    throw error;
  }
  const flags = program.opts<Flags>();
  const changeAt = flags.changeAt ?? [];
  const changeTo = flags.changeTo ?? [];
  if (changeAt.length !== changeTo.length) {
    fail(
      `--change-at and --change-to must come in pairs (received ${changeAt.length} and ${changeTo.length})`,
    );
  }
  return { ...flags, changes: changeAt.map((atMs, i) => ({ atMs, capacityPerSecond: changeTo[i]! })) };
}

function toOptions(flags: Flags & { changes: CapacityChange[] }): SimulatedApiOptions {
  return {
    capacityPerSecond: flags.capacity,
    burst: flags.burst,
    maxConcurrent: flags.maxConcurrent,
    latency: { medianMs: flags.latencyMedian, p99Ms: flags.latencyP99 },
    errorRate500: flags.error500,
    errorRate400: flags.error400,
    retryAfter: flags.retryAfter,
    capacityChange: flags.changes,
    port: flags.port,
    host: flags.host,
    seed: flags.seed,
    // Nobody reads the events here, and a long run would otherwise grow them without bound.
    recordEvents: false,
  };
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv);
  let starting: Promise<SimulatedApi>;
  try {
    starting = startSimulatedApi(toOptions(flags));
  } catch (error) {
    fail((error as Error).message); // cross-flag rules, e.g. p99 below the median
  }
  const api = await starting;
  process.stdout.write(`${api.url}\n`);
  process.stderr.write(`pooled-map-sim: listening on ${api.url} (Ctrl-C to stop)\n`);
  const report = (): boolean => process.stderr.write(`${formatStats(api.stats())}\n`);
  const timer = flags.statsInterval > 0 ? setInterval(report, flags.statsInterval) : undefined;

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) fail(`${signal} again: exiting without waiting`, 1);
    stopping = true;
    clearInterval(timer);
    // Once closed nothing is left on the event loop, so the process ends on its own with code 0.
    api.close().then(
      () => process.stderr.write(`final (${signal}): ${formatStats(api.stats())}\n`),
      (error: Error) => fail(`close failed: ${error.message}`, 1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: Error) => fail(error.message, 1));
