// The `pooled-map-sim` command line as commander sees it: flags and help. Values stay strings
// (parseSimArgs checks them all at once); unknown options and stray arguments are kept, not thrown.
import { Command } from 'commander';
import { RATE_LIMIT_HEADERS } from './LimiterOptions.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function simCommand(): Command {
  return new Command('pooled-map-sim')
    .description('A simulated rate-limited HTTP API on loopback: POST JSON rows to the URL it prints.')
    .option(
      '--limiter <kind>',
      'token-bucket (default), fixed-window, sliding-log, sliding-counter or multi (with --limits)',
    )
    .option('--capacity <n>', 'token bucket: sustained requests per second (default 100)')
    .option('--burst <n>', 'token bucket: size (default: capacity / 10, at least 1)')
    .option('--limit <n>', 'window limiters: requests per window')
    .option('--window-ms <ms>', 'window limiters: the window')
    .option('--count-refused', 'sliding-log, sliding-counter: refused requests count too')
    .option(
      '--limits <list>',
      'multi: comma-separated limits, each kind:limit/windowMs[:count-refused] or token-bucket:capacity[/burst]',
    )
    .option('--headers <list>', `comma-separated, of: ${RATE_LIMIT_HEADERS.join(', ')}`)
    .option('--retry-after', 'send Retry-After with each 429 (the same as --headers retry-after)')
    .option('--retry-after-format <format>', 'seconds (default) or http-date')
    .option('--max-concurrent <n>', 'requests served at once; more get 503')
    .option('--latency-median <ms>', 'median service time (default 20)')
    .option('--latency-p99 <ms>', '99th-percentile service time (default: 4 × median)')
    .option('--error-500 <p>', 'probability that an admitted request answers 500 (default 0)')
    .option('--error-400 <p>', 'probability that an admitted request answers 400 (default 0)')
    .option(
      '--change-at <ms>',
      'token bucket: time of a capacity change (repeatable, pairs with --change-to)',
      collect,
    )
    .option(
      '--change-to <n>',
      'token bucket: capacity from the matching --change-at on (repeatable)',
      collect,
    )
    .option('--port <n>', 'TCP port, 0 for an ephemeral one (default 0)')
    .option('--host <address>', 'interface to bind (default 127.0.0.1: loopback unless you say otherwise)')
    .option('--seed <n>', 'PRNG seed of latencies and faults (default 1)')
    .option('--stats-interval <ms>', 'period of the stats line on stderr, 0 for none (default 1000)')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  pooled-map-sim --capacity 50 --retry-after\n' +
        '  pooled-map-sim --limiter fixed-window --limit 50 --window-ms 1000 --headers draft-7,retry-after\n' +
        '  pooled-map-sim --limiter multi --limits fixed-window:10/1000,sliding-log:300/60000:count-refused\n' +
        '\nExit codes: 0 stopped by SIGINT/SIGTERM, 1 could not listen, 2 usage error.',
    )
    .allowUnknownOption()
    .allowExcessArguments()
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, outputError: () => undefined });
}
