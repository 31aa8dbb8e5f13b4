// A hand-written SVG line chart of accepted requests per second over time, one line per
// contender, against the API's capacity (dashed). No chart library: a few dozen lines of SVG are
// easier to review, and the output diffs cleanly when committed.

export interface Series {
  name: string;
  /** Accepted requests per second, one value per bin of `binSeconds`. */
  rates: readonly number[];
}

export interface Panel {
  title: string;
  capacity: number;
  binSeconds: number;
  series: readonly Series[];
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];
const WIDTH = 760;
const HEIGHT = 300;
const M = { left: 56, right: 170, top: 34, bottom: 40 };

const esc = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A "nice" tick step (1, 2 or 5 × 10^k) giving about `count` ticks over `span`. */
function step(span: number, count: number): number {
  const raw = span / count;
  const base = 10 ** Math.floor(Math.log10(raw));
  return ([1, 2, 5, 10].find((m) => m * base >= raw) ?? 10) * base;
}

function panel(p: Panel, top: number): string {
  const w = WIDTH - M.left - M.right;
  const h = HEIGHT - M.top - M.bottom;
  const bins = Math.max(1, ...p.series.map((s) => s.rates.length));
  const tMax = bins * p.binSeconds;
  const yMax = Math.max(p.capacity * 1.5, ...p.series.flatMap((s) => s.rates)) * 1.05;
  const x = (t: number): number => M.left + (t / tMax) * w;
  const y = (v: number): number => top + M.top + h - (v / yMax) * h;
  const out: string[] = [];
  out.push(`<text x="${M.left}" y="${top + 20}" font-weight="bold">${esc(p.title)}</text>`);

  // Grid and axes.
  const yStep = step(yMax, 5);
  for (let v = 0; v <= yMax; v += yStep) {
    out.push(`<line x1="${M.left}" x2="${M.left + w}" y1="${y(v)}" y2="${y(v)}" stroke="#eee"/>`);
    out.push(`<text x="${M.left - 6}" y="${y(v) + 4}" text-anchor="end">${v}</text>`);
  }
  const xStep = step(tMax, 8);
  for (let t = 0; t <= tMax; t += xStep) {
    out.push(`<text x="${x(t)}" y="${top + M.top + h + 16}" text-anchor="middle">${t}</text>`);
  }
  out.push(`<rect x="${M.left}" y="${top + M.top}" width="${w}" height="${h}" fill="none" stroke="#999"/>`);
  out.push(
    `<text x="${M.left + w / 2}" y="${top + HEIGHT - 6}" text-anchor="middle">seconds since the first request</text>`,
  );
  out.push(
    `<text transform="translate(14 ${top + M.top + h / 2}) rotate(-90)" text-anchor="middle">accepted requests / s</text>`,
  );

  // The capacity line, then one polyline per contender, drawn at the middle of each bin.
  const cap = y(p.capacity);
  out.push(
    `<line x1="${M.left}" x2="${M.left + w}" y1="${cap}" y2="${cap}" stroke="#000" stroke-dasharray="6 4"/>`,
  );
  // Drawn last to first, so the first series (the package) lies on top, a little thicker.
  [...p.series].reverse().forEach((s, back) => {
    const i = p.series.length - 1 - back;
    const color = COLORS[i % COLORS.length] as string;
    const points = s.rates.map((r, b) => `${x((b + 0.5) * p.binSeconds).toFixed(1)},${y(r).toFixed(1)}`);
    const width = i === 0 ? 2.6 : 1.6;
    out.push(
      `<polyline fill="none" stroke="${color}" stroke-width="${width}" points="${points.join(' ')}"/>`,
    );
  });

  // Legend, to the right of the plot.
  const legend = [{ name: `capacity ${p.capacity}/s`, color: '#000', dash: true }].concat(
    p.series.map((s, i) => ({ name: s.name, color: COLORS[i % COLORS.length] as string, dash: false })),
  );
  legend.forEach((item, i) => {
    const ly = top + M.top + 10 + i * 20;
    const lx = M.left + w + 14;
    const dash = item.dash ? ' stroke-dasharray="6 4"' : '';
    out.push(
      `<line x1="${lx}" x2="${lx + 22}" y1="${ly}" y2="${ly}" stroke="${item.color}" stroke-width="2"${dash}/>`,
    );
    out.push(`<text x="${lx + 28}" y="${ly + 4}">${esc(item.name)}</text>`);
  });
  return out.join('\n');
}

/** One SVG document with the panels stacked vertically. */
export function chart(panels: readonly Panel[]): string {
  const height = HEIGHT * panels.length;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}"` +
      ` font-family="sans-serif" font-size="11">`,
    `<rect width="${WIDTH}" height="${height}" fill="#fff"/>`,
    ...panels.map((p, i) => panel(p, i * HEIGHT)),
    '</svg>',
    '',
  ].join('\n');
}

/** Accepted requests per second in bins of `binSeconds`, from the simulator's event log. */
export function acceptedRates(
  events: { count: number; tMs: Float64Array; code: Uint16Array },
  binSeconds: number,
): number[] {
  if (events.count === 0) return [];
  const t0 = events.tMs[0] as number; // the first request: the client's start-up time is not charted
  const bins: number[] = [];
  for (let i = 0; i < events.count; i++) {
    if (events.code[i] !== 200) continue;
    const bin = Math.floor(((events.tMs[i] as number) - t0) / 1000 / binSeconds);
    while (bins.length <= bin) bins.push(0);
    bins[bin] = (bins[bin] as number) + 1 / binSeconds;
  }
  return bins;
}
