// Shared by every benchmark: loading the built package, running a measurement in a fresh child
// process, statistics, tables, and writing results. Nothing here is timed itself.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import type * as Main from '../lib/index.js';
import type * as NodeTools from '../lib/node.js';

export const BENCH_DIR = __dirname;
export const RESULTS_DIR = join(BENCH_DIR, 'results');
// The benchmarks load a private copy of dist/cjs: other people rebuild dist (which first deletes
// it) while a long benchmark runs, and a child process started in that window would crash. The
// copy sits under the repository, so its `require('rxjs')` still resolves to node_modules. One
// copy per run (children find it through the environment), so two runs at once never share one.
export const PACKAGE_DIR = (process.env.BENCH_PACKAGE_DIR ??= join(RESULTS_DIR, `package-${process.pid}`));

/** Copies the freshly built dist/cjs to PACKAGE_DIR for this run, removed again when it ends. */
export function snapshotPackage(): void {
  const dist = resolve(BENCH_DIR, '..', 'dist', 'cjs');
  if (!existsSync(join(dist, 'index.js'))) throw new Error('dist/cjs is missing: run `npm run build` first');
  // Declarations stay behind: the copy lies inside tsconfig's `include`, and typing comes from lib/.
  cpSync(dist, PACKAGE_DIR, { recursive: true, filter: (path) => !/\.d\.ts(\.map)?$/.test(path) });
  process.on('exit', () => rmSync(PACKAGE_DIR, { recursive: true, force: true }));
}

/**
 * The built package, main entry and `rxjs-pooled-map/node` together, typed from the sources (so
 * type-checking never depends on dist).
 */
export async function loadPackage(): Promise<typeof Main & typeof NodeTools> {
  const main = (await import(join(PACKAGE_DIR, 'index.js'))) as typeof Main;
  const node = (await import(join(PACKAGE_DIR, 'node.js'))) as typeof NodeTools;
  return { ...main, ...node };
}

/**
 * Runs `file` (a bench TypeScript file) in a fresh Node process and returns the JSON it prints as
 * its last stdout line. A fresh process per measurement means no contender inherits another's JIT
 * feedback or heap. `--expose-gc` lets the child collect garbage before each timed run.
 */
export function runChild<T>(file: string, args: readonly string[]): Promise<T> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', join(BENCH_DIR, file), ...args],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('error', fail);
    child.on('close', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return fail(new Error(`${file} ${args.join(' ')} exited with ${code}`));
      try {
        done(JSON.parse(last) as T);
      } catch {
        fail(new Error(`${file} ${args.join(' ')} printed no JSON result: ${last}`));
      }
    });
  });
}

/** For a child: prints its result where runChild looks for it. */
export function report(result: unknown): void {
  process.stdout.write(JSON.stringify(result) + '\n');
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile (p from 0 to 100); NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number;
}

/** A Markdown table, padded so it also reads well on a terminal. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    '| ' + cells.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join(' | ') + ' |';
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The targets as one line: those that hold, then those that fail. */
export function verdictLine(checks: readonly (readonly [string, boolean])[]): string {
  const holds = checks.filter(([, ok]) => ok).map(([what]) => what);
  const fails = checks.filter(([, ok]) => !ok).map(([what]) => what);
  return [
    holds.length > 0 ? `Targets holding: ${holds.join('; ')}.` : '',
    fails.length > 0 ? `**Failing**: ${fails.join('; ')}.` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

export const fixed = (value: number, digits = 0): string =>
  Number.isFinite(value) ? value.toFixed(digits) : '–';

/** The machine line that goes with every result: timings mean nothing without it. */
export function machine(): { cpu: string; cores: number; node: string; loadavg: number[] } {
  const model = /model name\s*:\s*(.*)/.exec(safeRead('/proc/cpuinfo'))?.[1] ?? cpus()[0]?.model ?? '?';
  return {
    cpu: model,
    cores: cpus().length,
    node: process.version,
    loadavg: loadavg().map((l) => +l.toFixed(2)),
  };
}

export function describeMachine(): string {
  const m = machine();
  return `${m.cpu}, ${m.cores} cores, Node ${m.node}, load average ${m.loadavg.join(' / ')}`;
}

/** When a table was made and how busy the machine was: noisy numbers must say so. */
export function stamp(): string {
  return `_Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, load average ${machine().loadavg.join(' / ')}._`;
}

/** Writes bench/results/<name>.json with the machine it ran on. */
export function writeResult(name: string, data: unknown): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${name}.json`);
  writeFileSync(
    path,
    JSON.stringify({ date: new Date().toISOString(), machine: machine(), ...(data as object) }, null, 2),
  );
  return path;
}

/**
 * Replaces the text between `<!-- name:start -->` and `<!-- name:end -->` in bench/README.md, so
 * the committed README always carries the latest tables without hand copying.
 */
export function updateReadme(name: string, markdown: string): void {
  const path = join(BENCH_DIR, 'README.md');
  const text = safeRead(path);
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) return;
  // Blank lines around the block, as Prettier formats Markdown: the file stays `prettier --check` clean.
  writeFileSync(
    path,
    text.slice(0, from + start.length) + '\n\n' + markdown.trim() + '\n\n' + text.slice(to),
  );
}

function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
