#!/usr/bin/env node
// `pooled-map`: NDJSON rows in (file or stdin), one POST per row through an adaptive pool, one
// NDJSON record per row out (file or stdout), in input order. Progress and the summary go to
// stderr, so stdout can be piped. See parseArgs for the flags and OutputRecord for the format.
import { describeGate } from './describeTrouble.js';
import { formatSummary } from './formatSummary.js';
import { parseArgs } from './parseArgs.js';
import { checkSettings, prepareRun } from './prepareRun.js';
import { ReaderGoneError } from './ReaderGoneError.js';
import { startProgress, type ProgressMode } from './progress.js';
import { runPipeline } from './runPipeline.js';
import { watchSharedGate } from './watchSharedGate.js';

/**
 * Exit codes: scripts branch on these, so they are part of the interface. `readerGone` is what a
 * shell reports for a process killed by SIGPIPE (128 + 13), as `yes | head -1` gives under pipefail.
 */
const EXIT = {
  ok: 0,
  rowsFailed: 1,
  usage: 2,
  runtime: 3,
  sigint: 130,
  readerGone: 141,
  sigterm: 143,
} as const;

function say(message: string): void {
  process.stderr.write(`${message}\n`);
}

async function main(argv: readonly string[]): Promise<number> {
  // A reader that goes away (`pooled-map --help | head`) must not crash the process with a stack
  // trace; during a run the output sink sees the same error and stops the run quietly (exit 141).
  process.stdout.on('error', () => undefined);
  const parsed = parseArgs(argv);
  if (parsed.kind === 'help') return EXIT.ok;
  if (parsed.kind === 'invalid') {
    // List the config's problems too: the user fixes everything in one go.
    const more = parsed.options === undefined ? [] : (await checkSettings(parsed.options)).problems;
    return usageError([...parsed.problems, ...more]);
  }
  const { options } = parsed;
  const mode: ProgressMode = options.quiet ? 'none' : process.stderr.isTTY ? 'bar' : 'lines';

  const prepared = await prepareRun(options, mode !== 'none');
  if (!prepared.ok) return usageError(prepared.problems);
  const { run } = prepared;
  const shared = run.pool.sharedGate;
  const gateWatch =
    shared === undefined || options.quiet
      ? undefined
      : watchSharedGate(shared, options.shared!.whenDown, say);
  if (shared !== undefined && run.unreachable !== undefined && !options.quiet) {
    // Said once; the run does not wait for Redis, and the watcher says when it joins.
    const gate = options.shared!.gate;
    say(
      `pooled-map: warning: ${describeGate(shared.stats())} (${run.unreachable}); joins gate ${gate} when it answers`,
    );
  }

  // First Ctrl-C: stop reading, abort the calls running, write what finished, exit 130. A second
  // one means "now": exit at once (the output is still a clean prefix, apart from a torn line).
  const controller = new AbortController();
  let interruptedBy: NodeJS.Signals | undefined;
  const interrupt = (signal: NodeJS.Signals): void => {
    if (interruptedBy !== undefined) process.exit(signal === 'SIGINT' ? EXIT.sigint : EXIT.sigterm);
    interruptedBy = signal;
    controller.abort();
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);

  const progress = startProgress(mode, run.total, { giveUpAfterMs: options.giveUpAfterMs });
  try {
    const summary = await runPipeline({
      lines: run.lines,
      firstIndex: run.firstIndex,
      firstLine: run.firstLine,
      write: run.output.write,
      pool: run.pool,
      url: options.url,
      headers: options.headers,
      timeoutMs: options.timeoutMs,
      giveUpAfterMs: options.giveUpAfterMs,
      signal: controller.signal,
      onProgress: progress.update,
    });
    progress.stop();
    await run.output.close();
    if (!options.quiet) formatSummary(summary, run.resumed).forEach(say);
    if (summary.gaveUp !== undefined) {
      const last = summary.lastError === undefined ? '' : ` (last error: ${summary.lastError})`;
      say(`pooled-map: error: gave up: ${summary.gaveUp}${last}; see --give-up-after`);
      if (options.output !== undefined) {
        say('pooled-map: the records written so far are a clean prefix: --resume continues from there');
      }
      return EXIT.runtime;
    }
    if (summary.aborted) return interruptedBy === 'SIGTERM' ? EXIT.sigterm : EXIT.sigint;
    const failedBefore = run.resumed?.failed ?? 0;
    return summary.succeeded === summary.rows && failedBefore === 0 ? EXIT.ok : EXIT.rowsFailed;
  } catch (error) {
    progress.stop();
    await run.output.close().catch(() => undefined);
    // The reader has what it wanted: stop without a word, as Unix tools do.
    if (error instanceof ReaderGoneError) return EXIT.readerGone;
    say(`pooled-map: error: ${error instanceof Error ? error.message : String(error)}`);
    if (options.output !== undefined) {
      say('pooled-map: the records written so far are a clean prefix: --resume continues from there');
    }
    return EXIT.runtime;
  } finally {
    gateWatch?.unsubscribe();
    await run.gate?.close();
  }
}

function usageError(problems: readonly string[]): number {
  const count = `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
  say([`pooled-map: nothing was sent (${count}):`, ...problems.map((p) => `  - ${p}`)].join('\n'));
  say('pooled-map: run pooled-map --help for usage');
  return EXIT.usage;
}

// process.exit, not just an exit code: after an interrupt a read of the input may still be
// pending (stdin waits for data that may never come), and it would keep the process up.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    say(`pooled-map: error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(EXIT.runtime);
  },
);
