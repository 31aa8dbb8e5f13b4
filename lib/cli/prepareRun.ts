// Everything a run needs, checked before the first request: settings (file and flags), the pool,
// the resume point, the input (positioned after the rows already done) and the output. Any
// problem here is a usage or config error: all of them are returned together and nothing is sent.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Pool } from '../Pool.js';
import { countRows } from './countRows.js';
import { loadConfig } from './loadConfig.js';
import { loadRedis } from './loadRedis.js';
import { openRedisGate, type RedisGate } from './openRedisGate.js';
import { openOutput, type OutputSink } from './openOutput.js';
import type { CliOptions } from './parseArgs.js';
import { resolvePoolSettings, type PoolSettings } from './poolSettings.js';
import { sameFileProblem } from './sameFileProblem.js';
import { readLines } from './readLines.js';
import { prepareResume, ResumeError, type ResumePoint } from './resume.js';
import { skipRows } from './skipRows.js';

export interface PreparedRun {
  pool: Pool;
  lines: AsyncIterable<string>;
  firstIndex: number;
  firstLine: number;
  output: OutputSink;
  /** Rows this run will write, when cheap to know. */
  total: number | undefined;
  resumed: ResumePoint | undefined;
  /** With `--redis`: the shared gate, to close at the end, and why it could not be joined yet. */
  gate: RedisGate | undefined;
  unreachable: string | undefined;
}

export type Preparation = { ok: true; run: PreparedRun } | { ok: false; problems: string[] };

/**
 * The checks that need no request and change nothing: config file, pool settings, input file, and
 * that the output is not the input (compared by device and inode, before anything is opened).
 */
export async function checkSettings(
  options: CliOptions,
): Promise<{ settings: PoolSettings | undefined; problems: string[] }> {
  const loaded = options.config === undefined ? undefined : loadConfig(options.config);
  const problems = [...(loaded?.problems ?? [])];
  const settings = resolvePoolSettings(loaded?.section, options.pool);
  if (!settings.ok) problems.push(...settings.problems);
  if (options.input !== undefined) {
    const info = await stat(options.input).catch((error: Error) => error);
    if (info instanceof Error) problems.push(`\`--input\` cannot be read: ${info.message}`);
    else if (info.isDirectory())
      problems.push(`\`--input\` must be a file, received the directory ${options.input}`);
  }
  const clash = await sameFileProblem(options.input, options.output);
  if (clash !== undefined) problems.push(clash);
  if (options.shared !== undefined) {
    await loadRedis().catch((error: Error) => problems.push(error.message));
  }
  return { settings: settings.ok ? settings.settings : undefined, problems };
}

/** Checks everything, then opens the input (skipping resumed rows) and the output. */
export async function prepareRun(options: CliOptions, countTotal: boolean): Promise<Preparation> {
  const { settings, problems } = await checkSettings(options);
  if (settings === undefined || problems.length > 0) return { ok: false, problems };

  let resumed: ResumePoint | undefined;
  if (options.resume) {
    try {
      resumed = await prepareResume(options.output!);
    } catch (error) {
      // Nothing has been sent yet: an output that cannot be read is a problem like any other.
      const problem =
        error instanceof ResumeError
          ? error.message
          : `\`--output\` cannot be opened: ${(error as Error).message}`;
      return { ok: false, problems: [problem] };
    }
  }
  const source = options.input === undefined ? process.stdin : createReadStream(options.input);
  const iterator = readLines(source)[Symbol.asyncIterator]();
  const done = resumed?.rows ?? 0;
  const skipped = await skipRows(iterator, done);
  if (skipped.rows < done) {
    source.destroy();
    return {
      ok: false,
      problems: [
        `\`--resume\`: ${options.output} already holds ${done} rows but the input has only ${skipped.rows}: ` +
          'is it the output of this input?',
      ],
    };
  }
  const total = countTotal && options.input !== undefined ? await countRows(options.input) : undefined;
  // Joined before the output is opened: a gate run with other settings stops the run untouched.
  const gate = options.shared === undefined ? undefined : await openRedisGate(options.shared);
  const pool = new Pool(gate === undefined ? settings : { ...settings, sharedGate: gate.options });
  const joined = gate === undefined ? undefined : await gate.join(pool.sharedGate!);
  if (joined?.kind === 'mismatch') {
    source.destroy();
    await gate!.close();
    return { ok: false, problems: [joined.message] };
  }
  let output: OutputSink;
  try {
    output = await openOutput(options.output, options.resume);
  } catch (error) {
    source.destroy();
    await gate?.close();
    return { ok: false, problems: [`\`--output\` cannot be opened: ${(error as Error).message}`] };
  }
  return {
    ok: true,
    run: {
      pool,
      lines: { [Symbol.asyncIterator]: () => iterator },
      firstIndex: done,
      firstLine: skipped.lines + 1,
      output,
      total: total === undefined ? undefined : Math.max(0, total - done),
      resumed,
      gate,
      unreachable: joined?.kind === 'unreachable' ? joined.reason : undefined,
    },
  };
}
