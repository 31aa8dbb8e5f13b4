// Shared helpers for the CLI specs: the CLI as a child process (through tsx, as a user would run
// it from a checkout), temporary files, NDJSON reading, and waiting without timing assumptions.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { SimulatedApiStats } from '../../lib/sim/SimulatedApi.js';

const root = resolve(__dirname, '../..');

export interface CliRun {
  child: ChildProcessWithoutNullStreams;
  /** Exit code and signal, once the process has exited and its streams have closed. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stdout(): string;
  stderr(): string;
}

/** Starts `pooled-map` with `args`; `stdin` is written then closed (or left empty and closed). */
export function startCli(args: readonly string[], stdin = ''): CliRun {
  const child = spawn(process.execPath, ['--import', 'tsx', 'lib/cli/main.ts', ...args], { cwd: root });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end(stdin);
  const exited = once(child, 'close').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

/** A fresh temporary directory, removed by `removeTempDirs`. */
const dirs: string[] = [];
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pooled-map-cli-'));
  dirs.push(dir);
  return dir;
}
export function removeTempDirs(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Writes `lines` joined with newlines (and a final one) to `path`. */
export function writeLines(path: string, lines: readonly string[]): string {
  writeFileSync(path, lines.map((line) => `${line}\n`).join(''));
  return path;
}

/** `count` JSON rows `{"id":0}`, `{"id":1}`… */
export function rows(count: number): string[] {
  return Array.from({ length: count }, (_, id) => JSON.stringify({ id }));
}

/** The parsed records of an NDJSON text (every line must be complete JSON). */
export function records(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

export function readRecords(path: string): Record<string, unknown>[] {
  return records(readFileSync(path, 'utf8'));
}

/** Complete lines in the file at `path` (0 when it does not exist yet). */
export function lineCount(path: string): number {
  try {
    return readFileSync(path, 'utf8').split('\n').length - 1;
  } catch {
    return 0;
  }
}

/** Waits, however long it takes, until `condition` holds: ordering without timing assumptions. */
export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** Requests the simulated API has seen, whatever their answer. */
export function requestsSeen(stats: SimulatedApiStats): number {
  const { accepted, rejected429, rejected503, failed500, failed400, rejectedOther } = stats;
  return accepted + rejected429 + rejected503 + failed500 + failed400 + rejectedOther;
}
