// Benchmark 3, memory: a million NDJSON rows through the `pooled-map` CLI against a simulator with
// ample capacity, reporting the CLI process's peak RSS. A streaming pipeline must hold a bounded
// window of rows, not the whole input, so its peak should not grow with the file.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, openSync, closeSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixed, loadPackage, PACKAGE_DIR, table, stamp, updateReadme, writeResult } from './common.js';

const ROWS = Number(process.env.BENCH_MEMORY_ROWS ?? 1_000_000);
const CLI = join(PACKAGE_DIR, 'cli', 'main.js');
// Extra CLI flags, e.g. BENCH_CLI_ARGS="--pool-size 64".
const CLI_ARGS = (process.env.BENCH_CLI_ARGS ?? '--pool-size 32').split(' ').filter(Boolean);
const TARGET_MB = 150;
const TIME = '/usr/bin/time';
// Without GNU time, a preloaded one-liner prints the peak RSS (KiB) as the process exits.
const PRELOAD =
  'data:text/javascript,process.on("exit",()=>process.stderr.write(`Maximum resident set size (kbytes): ${process.resourceUsage().maxRSS}\\n`))';

/** Writes the input at bench time into a temporary directory (never committed), in big chunks. */
async function writeRows(path: string): Promise<void> {
  const out = createWriteStream(path);
  for (let i = 0; i < ROWS;) {
    let chunk = '';
    for (const end = Math.min(ROWS, i + 10_000); i < end; i++) {
      chunk += JSON.stringify({ id: i, text: `row ${i}: ${'lorem ipsum '.repeat(4)}` }) + '\n';
    }
    if (!out.write(chunk)) await new Promise<void>((drained) => out.once('drain', () => drained()));
  }
  await new Promise<void>((closed, fail) =>
    out.end((error?: Error | null) => (error ? fail(error) : closed())),
  );
}

/** Runs the CLI with stdin from `input` and stdout to /dev/null; resolves with its stderr and wall time. */
function runCli(
  url: string,
  input: string,
): Promise<{ code: number | null; stderr: string; wallMs: number }> {
  const useTime = existsSync(TIME);
  const node = [process.execPath, ...(useTime ? [] : ['--import', PRELOAD]), CLI, '--url', url, ...CLI_ARGS];
  const [command, ...args] = useTime ? [TIME, '-v', ...node] : node;
  const stdin = openSync(input, 'r');
  const stdout = openSync('/dev/null', 'w');
  const start = performance.now();
  return new Promise((done, fail) => {
    const child = spawn(command as string, args, { stdio: [stdin, stdout, 'pipe'] });
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', fail);
    child.on('close', (code) => {
      closeSync(stdin);
      closeSync(stdout);
      done({ code, stderr, wallMs: performance.now() - start });
    });
  });
}

export async function memory(): Promise<void> {
  if (!existsSync(CLI))
    throw new Error(`the CLI is not built (${CLI} is missing): run \`npm run build\` first`);
  const dir = mkdtempSync(join(tmpdir(), 'pooled-map-bench-'));
  const { startSimulatedApi } = await loadPackage();
  // Ample capacity and ~1 ms latency: the API is never the limit, the CLI's own pipeline is. No
  // event recording, so the simulator's memory does not grow with the run either.
  const api = await startSimulatedApi({
    capacityPerSecond: 1e7,
    burst: 1e7,
    latency: { medianMs: 1, p99Ms: 4 },
    recordEvents: false,
  });
  try {
    const input = join(dir, 'rows.ndjson');
    await writeRows(input);
    process.stderr.write(`memory: ${ROWS} rows written to ${input}; running the CLI ${CLI_ARGS.join(' ')}\n`);
    const { code, stderr, wallMs } = await runCli(api.url, input);
    const kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1] ?? NaN);
    const { accepted } = api.stats();
    if (code !== 0 || accepted !== ROWS) {
      throw new Error(
        `the CLI exited with ${code} after ${accepted} of ${ROWS} rows:\n${stderr.slice(-2000)}`,
      );
    }
    const peakMb = kb / 1024;
    const rowsPerSecond = ROWS / (wallMs / 1000);
    const markdown = table(
      ['rows', 'CLI flags', 'peak RSS', 'wall', 'rows/s', `target < ${TARGET_MB} MB`],
      [
        [
          ROWS.toLocaleString('en'),
          CLI_ARGS.join(' '),
          `${fixed(peakMb, 1)} MB`,
          `${fixed(wallMs / 1000, 1)} s`,
          fixed(rowsPerSecond),
          peakMb < TARGET_MB ? 'holds' : '**fails**',
        ],
      ],
    );
    const how = existsSync(TIME) ? '`/usr/bin/time -v`' : '`process.resourceUsage().maxRSS`';
    const summary = `${stamp()}\n\nPeak RSS of the CLI process by ${how}; simulator in the bench process, capacity 1e7/s, latency median 1 ms.\n\n${markdown}`;
    console.log(`\n## Memory\n\n${summary}\n`);
    writeResult('memory', { rows: ROWS, cliArgs: CLI_ARGS, peakRssKb: kb, wallMs, rowsPerSecond });
    updateReadme('memory', summary);
  } finally {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
