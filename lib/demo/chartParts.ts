// Layout and the repeated pieces of the report chart: a panel (frame, grid, tick labels, titles),
// the legend and the series groups. Kept apart from renderReport so that one reads as the chart.
import { el, escapeXml, linear, niceTicks, num, text } from './svg.js';

export const WIDTH = 960;
export const HEIGHT = 660;
export const LEFT = 78;
export const RIGHT = WIDTH - 36; // room for the last time label, centred on the edge
export const COLORS = { accepted: '#2b6cb0', capacity: '#c53030', rejections: '#dd6b20', delay: '#6b46c1' };
const MUTED = '#4a5568';

export interface PanelSpec {
  top: number;
  height: number;
  /** Largest value to fit; the axis is rounded up to the next tick. */
  max: number;
  title: string;
  yLabel: string;
}

export interface Panel {
  /** Maps a value of this panel to a y pixel. */
  y: (value: number) => number;
  svg: string;
}

/** Frame, horizontal grid, tick labels on both axes, the panel's title and its y-axis label. */
export function panel(p: PanelSpec, x: (seconds: number) => number, xTicks: readonly number[]): Panel {
  // Short panels get fewer ticks so their labels do not touch.
  const axis = niceTicks(p.max, p.height > 150 ? 5 : 3);
  const bottom = p.top + p.height;
  const y = linear(axis.end, bottom, p.top);
  const grid = axis.ticks.map(
    (t) =>
      el('line', { x1: LEFT, x2: RIGHT, y1: y(t), y2: y(t), stroke: '#e2e8f0' }) +
      text(LEFT - 6, y(t) + 4, num(t), { 'text-anchor': 'end' }),
  );
  const xLabels = xTicks.map((t) => text(x(t), bottom + 15, num(t), { 'text-anchor': 'middle' }));
  const mid = p.top + p.height / 2;
  const children = [
    text(LEFT, p.top - 8, p.title, { 'font-size': 13, 'font-weight': 'bold', fill: '#2d3748' }),
    ...grid,
    el('path', { d: `M${LEFT} ${p.top}V${bottom}H${RIGHT}`, fill: 'none', stroke: '#718096' }),
    ...xLabels,
    text(22, mid, p.yLabel, { 'text-anchor': 'middle', transform: `rotate(-90 22 ${num(mid)})` }),
  ];
  return { y, svg: el('g', { class: 'panel', fill: MUTED }, children.join('')) };
}

/** One row of swatches, in the colours and strokes the series use. */
export function legend(left: number, y: number): string {
  const swatches: Array<[string, string]> = [
    [
      'accepted req/s',
      el('rect', {
        x: 0,
        y: -9,
        width: 18,
        height: 10,
        fill: COLORS.accepted,
        'fill-opacity': 0.3,
        stroke: COLORS.accepted,
      }),
    ],
    [
      'capacity (req/s)',
      el('line', {
        x1: 0,
        x2: 18,
        y1: -4,
        y2: -4,
        stroke: COLORS.capacity,
        'stroke-width': 2,
        'stroke-dasharray': '6 4',
      }),
    ],
    ['rejections/s', el('rect', { x: 0, y: -9, width: 18, height: 10, fill: COLORS.rejections })],
    [
      'dispatch delay (ms)',
      el('line', { x1: 0, x2: 18, y1: -4, y2: -4, stroke: COLORS.delay, 'stroke-width': 2 }),
    ],
  ];
  const items = swatches.map(([label, swatch], i) =>
    el('g', { transform: `translate(${i * 190} 0)` }, swatch + text(24, 0, label)),
  );
  return el('g', { class: 'legend', fill: '#2d3748', transform: `translate(${left} ${y})` }, items.join(''));
}

/**
 * A series: a group with a stable id (what a reader's tooling, and the spec, look for) whose
 * presentation attributes style every child. Present even when empty, so the chart's structure
 * does not depend on the data.
 */
export function series(
  id: string,
  style: Record<string, string | number>,
  children: readonly string[],
): string {
  return el('g', { id, class: id, ...style }, children.join(''));
}

/** The root element and the fixed frame: background, title and subtitle. */
export function frame(title: string, subtitle: string | undefined, body: readonly string[]): string {
  const root = {
    xmlns: 'http://www.w3.org/2000/svg',
    width: WIDTH,
    height: HEIGHT,
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    role: 'img',
    'aria-label': title,
    'font-family': 'system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif',
    'font-size': 12,
  };
  const children = [
    el('title', {}, escapeXml(title)),
    el('rect', { width: WIDTH, height: HEIGHT, fill: '#ffffff' }),
    text(LEFT, 30, title, { 'font-size': 18, 'font-weight': 'bold', fill: '#1a202c' }),
    subtitle ? text(LEFT, 52, subtitle, { 'font-size': 13, fill: MUTED }) : '',
    ...body,
  ];
  return el('svg', root, '\n' + children.filter((c) => c !== '').join('\n') + '\n') + '\n';
}
