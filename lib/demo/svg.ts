// Small helpers for the hand-written SVG chart: scales, "nice" ticks, step paths, text escaping.
// No chart library: the report is a few lines and rectangles, and a dependency for that would
// weigh more than the whole package.

/** Maps [0, domainMax] linearly onto [from, to] (to may be below from: SVG's y grows downwards). */
export function linear(domainMax: number, from: number, to: number): (value: number) => number {
  const span = domainMax > 0 ? domainMax : 1;
  return (value) => from + ((to - from) * value) / span;
}

/**
 * Ticks from 0 at a step of 1, 2 or 5 × 10^k, about `count` of them, and the axis end: the first
 * tick at or above `max`, so the axis ends on a label. A max of 0 (no data) still gets an axis.
 */
export function niceTicks(max: number, count = 5): { ticks: number[]; end: number } {
  const top = max > 0 && Number.isFinite(max) ? max : 1;
  const raw = top / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const end = Math.ceil(top / step - 1e-9) * step;
  const ticks: number[] = [];
  // Multiplying (rather than adding steps up) keeps 0.1 + 0.2 style drift out of the labels.
  for (let i = 0; i * step <= end + step * 1e-9; i += 1) ticks.push(round(i * step));
  return { ticks, end };
}

/** A number for an attribute or label: at most two decimals, no trailing zeros. */
export function num(value: number): string {
  return String(round(value));
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * An SVG path through a step function: value `points[i].y` holds from `points[i].x` until the
 * next point's x, the last one until `xEnd`. Coordinates are already in pixels.
 */
export function stepPath(points: ReadonlyArray<{ x: number; y: number }>, xEnd: number): string {
  if (points.length === 0) return '';
  const [first, ...rest] = points;
  let d = `M${num(first!.x)} ${num(first!.y)}`;
  for (const p of rest) d += `H${num(p.x)}V${num(p.y)}`;
  return d + `H${num(xEnd)}`;
}

/** An element with attributes (escaped) and optional raw children. */
export function el(name: string, attrs: Record<string, string | number>, children = ''): string {
  const list = Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${typeof v === 'number' ? num(v) : escapeXml(v)}"`)
    .join('');
  return children === '' ? `<${name}${list}/>` : `<${name}${list}>${children}</${name}>`;
}

/** A text element; the content is escaped. */
export function text(
  x: number,
  y: number,
  content: string,
  attrs: Record<string, string | number> = {},
): string {
  return el('text', { x, y, ...attrs }, escapeXml(content));
}
