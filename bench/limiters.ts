// Benchmark 4, every limiter family: each contender (a fresh process, as in the goodput
// benchmark) sends its rows to a fresh server of each family at each capacity, with and without
// rate-limit headers; then three independent pooledMap processes share one limit. Counts come
// from the server; every run is checked for one success per row (and, for pooledMap, one entry
// per row in input order).
import { runChild, stamp, updateReadme, writeResult, fixed } from './common.js';
import type { GoodputSample } from './goodputChild.js';
import { FAMILIES, LATENCY, type Family, type LimitServer } from './limiterFamilies.js';
import { competingSection, matrixSection, type Cell, type Competing } from './limitersReport.js';
import type { RateLimitHeaders } from '../lib/node.js';

const list = (name: string, fallback: string): string[] =>
  (process.env[name] ?? fallback)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

const ALL_CONTENDERS = 'pooledMap,elspeth,p-map + p-retry,Bottleneck,Bottleneck oracle';
const FAMILY_NAMES = list('BENCH_FAMILIES', FAMILIES.map((f) => f.name).join(','));
const CAPACITIES = list('BENCH_CAPACITIES', '50,200').map(Number);
// Header sets, each a '+'-joined list of the simulator's header names, or 'none'.
const VARIANTS = list('BENCH_HEADERS', 'none,draft-7+legacy+retry-after');
const CONTENDERS = list('BENCH_CONTENDERS', ALL_CONTENDERS);
// With headers, by default only pooledMap runs: of the others only Bottleneck reads a header at
// all (Retry-After), and the matrix must fit in 15 minutes. BENCH_HEADER_CONTENDERS adds them.
const HEADER_CONTENDERS = list('BENCH_HEADER_CONTENDERS', 'pooledMap');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const COMPETING = process.env.BENCH_COMPETING !== '0';
const PROCESSES = 3;
// A contender this many times slower than the ideal is cut off and judged on what it did by then.
const CUT_OFF = 2.5;

const headersOf = (variant: string): RateLimitHeaders[] =>
  variant === 'none' ? [] : (variant.split('+') as RateLimitHeaders[]);
/** Enough rows to span at least two windows of the family's longest window. */
const rowsFor = (family: Family, capacity: number): number =>
  Math.round((family.name === 'fixed-window-10s' ? Math.max(SECONDS, 15) : SECONDS) * capacity);

/** How far into the server's windows the client's first request came. */
const offsetOf = (server: LimitServer, firstRequestEpochMs: number): number =>
  server.windowOrigin === 'first-request' ? 0 : Math.max(0, firstRequestEpochMs - server.windowOrigin);

async function measure(
  family: Family,
  capacity: number,
  variant: string,
  contender: string,
): Promise<Cell | undefined> {
  const server = await family.start(capacity, headersOf(variant));
  if (server === undefined) return undefined;
  try {
    const rows = rowsFor(family, capacity);
    // A run at 1 / CUT_OFF of the ideal pace or worse is cut off (the ideal from the windows' start will do).
    const deadlineMs = Math.max(CUT_OFF * (await family.idealMs(capacity, rows, 0)), 5000);
    const s = await runChild<GoodputSample>('goodputChild.ts', [
      contender,
      server.url,
      String(capacity),
      String(rows),
      String(deadlineMs),
    ]);
    const { accepted, refused } = server.counts();
    const idealMs = await family.idealMs(capacity, rows, offsetOf(server, s.startedAtEpochMs));
    return {
      family: family.name,
      capacity,
      variant,
      contender,
      rows,
      succeeded: s.succeeded,
      wallMs: s.wallMs,
      idealMs,
      finished: s.finished,
      goodput: s.succeeded / (s.wallMs / 1000) / capacity,
      refusedShare: refused / Math.max(1, accepted + refused),
      exactlyOnce: s.duplicates === 0 && s.inOrder !== false && (!s.finished || s.succeeded === rows),
    };
  } finally {
    await server.close();
  }
}

async function compete(family: Family, capacity: number, variant: string): Promise<Competing | undefined> {
  const server = await family.start(capacity, headersOf(variant));
  if (server === undefined) return undefined;
  try {
    const rows = rowsFor(family, capacity);
    const deadlineMs = Math.max(CUT_OFF * (await family.idealMs(capacity, rows, 0)), 5000);
    const shares = Array.from({ length: PROCESSES }, (_, k) => Math.floor((rows + k) / PROCESSES));
    const samples = await Promise.all(
      shares.map((n) =>
        runChild<GoodputSample>('goodputChild.ts', [
          'pooledMap',
          server.url,
          String(capacity),
          String(n),
          String(deadlineMs),
        ]),
      ),
    );
    const { accepted, refused } = server.counts();
    const wallMs =
      Math.max(...samples.map((s) => s.endedAtEpochMs)) - Math.min(...samples.map((s) => s.startedAtEpochMs));
    const succeeded = samples.reduce((sum, s) => sum + s.succeeded, 0);
    return {
      family: family.name,
      capacity,
      variant,
      rows,
      succeeded,
      wallMs,
      goodput: succeeded / (wallMs / 1000) / capacity,
      refusedShare: refused / Math.max(1, accepted + refused),
      perProcess: samples.map((s) => s.succeeded / (s.wallMs / 1000) / capacity),
      exactlyOnce: samples.every(
        (s, k) => s.duplicates === 0 && s.inOrder === true && s.succeeded === shares[k],
      ),
      finished: samples.every((s) => s.finished),
    };
  } finally {
    await server.close();
  }
}

export async function limiters(): Promise<void> {
  const families = FAMILY_NAMES.map((name) => {
    const family = FAMILIES.find((f) => f.name === name);
    if (family === undefined)
      throw new Error(
        `BENCH_FAMILIES: unknown family ${name}; choose from ${FAMILIES.map((f) => f.name).join(', ')}`,
      );
    return family;
  });
  const cells: Cell[] = [];
  const competing: Competing[] = [];
  for (const capacity of CAPACITIES) {
    for (const variant of VARIANTS) {
      const contenders =
        variant === 'none' ? CONTENDERS : CONTENDERS.filter((c) => HEADER_CONTENDERS.includes(c));
      for (const family of families) {
        for (const contender of contenders) {
          const cell = await measure(family, capacity, variant, contender);
          if (cell === undefined) continue;
          cells.push(cell);
          process.stderr.write(
            `limiters C=${capacity} ${variant} ${family.name} ${contender}: ${fixed(cell.goodput, 3)} of C, ${fixed(100 * cell.refusedShare, 1)} % refused, ${fixed(cell.wallMs / 1000, 1)} s\n`,
          );
        }
      }
    }
  }
  // Several processes at the largest capacity only: their share of it is what is measured.
  const top = Math.max(...CAPACITIES);
  for (const variant of COMPETING ? VARIANTS : []) {
    for (const family of families) {
      const run = await compete(family, top, variant);
      if (run === undefined) continue;
      competing.push(run);
      process.stderr.write(
        `limiters ${PROCESSES} processes C=${top} ${variant} ${family.name}: ${fixed(run.goodput, 3)} of C, ${fixed(100 * run.refusedShare, 1)} % refused\n`,
      );
    }
  }
  const summary = [
    `${stamp()}\n\nPool size 32 per contender, latency log-normal (median ${LATENCY.medianMs} ms, p99 ${LATENCY.p99Ms} ms), ${SECONDS} s of rows at C (15 s for the 10 s window), seed 1. Each cell: goodput / C · refused · wall s; ✗ marks a run that broke one-success-per-row.`,
    ...(families.length > 0 ? [matrixSection(cells, families, CAPACITIES, VARIANTS)] : []),
    ...(competing.length > 0 ? [competingSection(competing, PROCESSES)] : []),
  ].join('\n\n');
  console.log(`\n## Limiter families\n\n${summary}\n`);
  console.log(
    `results: ${writeResult('limiters', { seconds: SECONDS, latency: LATENCY, cells, competing })}`,
  );
  // A partial run (knobs narrowed) prints its tables but leaves the README's full matrix alone.
  const narrowed = [
    'BENCH_FAMILIES',
    'BENCH_CAPACITIES',
    'BENCH_HEADERS',
    'BENCH_CONTENDERS',
    'BENCH_SECONDS',
    'BENCH_COMPETING',
  ].some((k) => process.env[k] !== undefined);
  if (!narrowed) updateReadme('limiters', summary);
}
