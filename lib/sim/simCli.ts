#!/usr/bin/env node
// `pooled-map-sim`: runs the simulated rate-limited API until SIGINT or SIGTERM. The URL is the
// first line on stdout so a script can read it; progress and final counters go to stderr so they
// never mix with it. Errors take pooled-map's form and exit codes: usage errors listed all at once
// (exit 2), a runtime error on one `pooled-map-sim: error:` line with a hint line after it (exit 3),
// a second Ctrl-C or SIGTERM ending at once with 130 or 143.
import { formatStats } from './formatStats.js';
import { parseSimArgs } from './parseSimArgs.js';
import type { SimulatedApi } from './SimulatedApi.js';
import { startSimulatedApi } from './startSimulatedApi.js';

const EXIT = { ok: 0, usage: 2, runtime: 3, sigint: 130, sigterm: 143 } as const;

function say(message: string): void {
  process.stderr.write(`${message}\n`);
}

function runtimeError(message: string, hint: string): never {
  say(`pooled-map-sim: error: ${message}`);
  say(`pooled-map-sim: ${hint}`);
  process.exit(EXIT.runtime);
}

function usageError(problems: readonly string[]): never {
  const count = `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
  say([`pooled-map-sim: nothing was started (${count}):`, ...problems.map((p) => `  - ${p}`)].join('\n'));
  say('pooled-map-sim: run pooled-map-sim --help for usage');
  process.exit(EXIT.usage);
}

async function main(): Promise<void> {
  const parsed = parseSimArgs(process.argv.slice(2));
  if (parsed.kind === 'help') process.exit(EXIT.ok);
  if (parsed.kind === 'invalid') usageError(parsed.problems);
  let api: SimulatedApi;
  try {
    api = await startSimulatedApi(parsed.options);
  } catch (error) {
    const { host = '127.0.0.1', port = 0 } = parsed.options;
    runtimeError(
      `cannot listen on ${host}:${port}: ${(error as Error).message}`,
      'nothing was started; choose another --port (0 picks a free one) or --host',
    );
  }
  process.stdout.write(`${api.url}\n`);
  say(`pooled-map-sim: listening on ${api.url} (Ctrl-C to stop)`);
  const report = (): void => say(formatStats(api.stats()));
  const timer = parsed.statsIntervalMs > 0 ? setInterval(report, parsed.statsIntervalMs) : undefined;

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      say(`pooled-map-sim: ${signal} again: exiting without waiting`);
      process.exit(signal === 'SIGINT' ? EXIT.sigint : EXIT.sigterm);
    }
    stopping = true;
    clearInterval(timer);
    // Once closed nothing is left on the event loop, so the process ends on its own with code 0.
    api.close().then(
      () => say(`final (${signal}): ${formatStats(api.stats())}`),
      (error: Error) => runtimeError(`close failed: ${error.message}`, 'the server may still hold its port'),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  say(`pooled-map-sim: error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(EXIT.runtime);
});
