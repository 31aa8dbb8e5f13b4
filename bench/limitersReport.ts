// Tables and goal lines of the limiter benchmark: one table per capacity and header set (a row
// per family, a column per contender), then the runs of several processes sharing one limit.
import { fixed, table, verdictLine } from './common.js';
import type { Family } from './limiterFamilies.js';

export interface Cell {
  family: string;
  capacity: number;
  variant: string;
  contender: string;
  rows: number;
  succeeded: number;
  wallMs: number;
  idealMs: number;
  finished: boolean;
  /** Rows done per second of wall time, over C. */
  goodput: number;
  /** Refused requests (429 and 503) over all requests, counted at the server. */
  refusedShare: number;
  exactlyOnce: boolean;
}

export interface Competing extends Omit<Cell, 'contender' | 'idealMs'> {
  /** Each process's own rows per second of its wall time, over C. */
  perProcess: number[];
}

/** The goals for pooledMap, by whether the server sends rate-limit headers. */
const GOALS = {
  none: { goodput: 0.9, refused: 0.1 },
  headers: { goodput: 0.95, refused: 0.01 },
  competing: { goodput: 0.85, refused: 0.1 },
};

const cellText = (
  c: Pick<Cell, 'goodput' | 'refusedShare' | 'wallMs' | 'finished' | 'exactlyOnce'>,
): string =>
  `${fixed(c.goodput, 2)} · ${fixed(100 * c.refusedShare, 1)} % · ${fixed(c.wallMs / 1000, 1)}` +
  (c.finished ? '' : ' (cut)') +
  (c.exactlyOnce ? '' : ' ✗');

export function matrixSection(
  cells: readonly Cell[],
  families: readonly Family[],
  capacities: readonly number[],
  variants: readonly string[],
): string {
  const sections: string[] = [];
  for (const capacity of capacities) {
    for (const variant of variants) {
      const here = cells.filter((c) => c.capacity === capacity && c.variant === variant);
      if (here.length === 0) continue;
      const contenders = [...new Set(here.map((c) => c.contender))];
      const rows = families
        .filter((f) => here.some((c) => c.family === f.name))
        .map((f) => {
          const of = (name: string) => here.find((c) => c.family === f.name && c.contender === name);
          const ideal = here.find((c) => c.family === f.name)!.idealMs;
          return [
            f.name,
            f.describe(capacity),
            fixed(ideal / 1000, 1),
            ...contenders.map((n) => (of(n) ? cellText(of(n)!) : '–')),
          ];
        });
      const goal = variant === 'none' ? GOALS.none : GOALS.headers;
      const checks = here
        .filter((c) => c.contender === 'pooledMap')
        .map((c): [string, boolean] => [
          `${c.family} goodput ≥ ${goal.goodput}, ≤ ${100 * goal.refused} % refused, every row once`,
          c.goodput >= goal.goodput && c.refusedShare <= goal.refused && c.exactlyOnce && c.finished,
        ]);
      const headers =
        variant === 'none' ? 'no rate-limit headers' : `headers: ${variant.split('+').join(', ')}`;
      sections.push(
        `### C = ${capacity} requests/s, ${headers}\n\n` +
          table(['family', 'limit', 'ideal s', ...contenders], rows) +
          (checks.length > 0 ? `\n\npooledMap: ${verdictLine(checks)}` : ''),
      );
    }
  }
  return sections.join('\n\n');
}

export function competingSection(runs: readonly Competing[], processes: number): string {
  const rows = runs.map((r) => [
    r.family,
    r.variant === 'none' ? 'none' : r.variant.split('+').join(', '),
    cellText(r),
    r.perProcess.map((share) => fixed(share, 2)).join(' / '),
  ]);
  const g = GOALS.competing;
  const checks = runs.map((r): [string, boolean] => [
    `${r.family} (${r.variant}) together ≥ ${g.goodput}, ≤ ${100 * g.refused} % refused, every row once`,
    r.goodput >= g.goodput && r.refusedShare <= g.refused && r.exactlyOnce && r.finished,
  ]);
  return (
    `### ${processes} independent pooledMap processes sharing one limit, C = ${runs[0]!.capacity} requests/s\n\n` +
    'Each process sends a third of the rows with the default config; goodput is all rows over the span from the first request to the last success, refusals counted at the server.\n\n' +
    table(['family', 'headers', 'together: goodput · refused · wall s', 'each process / C'], rows) +
    `\n\n${verdictLine(checks)}`
  );
}
