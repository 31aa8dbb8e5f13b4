// The demo's report: three panels over one time axis, so cause and effect read top to bottom —
// what got through against the limit, what was refused, and how the pool's delay reacted.
// A pure function of the timeline (no clock, no I/O), so it is tested on hand-made data.
import { COLORS, HEIGHT, LEFT, RIGHT, frame, legend, panel, series } from './chartParts.js';
import { el, linear, niceTicks, num, stepPath, text } from './svg.js';
import type { Bucket, TimelineData } from './timeline.js';

export interface ReportOptions {
  title?: string;
  /** One line under the title, e.g. the pool and simulator settings. */
  subtitle?: string;
}

const DEFAULT_TITLE = 'rxjs-pooled-map demo: an adaptive pool against a rate-limited API';

export function renderReport(data: TimelineData, options: ReportOptions = {}): string {
  const durationMs = Math.max(data.durationMs, 0);
  // The axis ends where the run did (1 s for an empty run), not at the next round number.
  const seconds = durationMs > 0 ? durationMs / 1000 : 1;
  const xTicks = niceTicks(seconds, 10).ticks.filter((t) => t <= seconds + 1e-9);
  const x = linear(seconds, LEFT, RIGHT);
  // Times outside the run (a delay change stamped just after the API stopped) are pinned to its edges.
  const tx = (ms: number): number => x(Math.min(Math.max(ms, 0), durationMs) / 1000);
  const xEnd = tx(durationMs);

  // Buckets are 1 s, except possibly the last: rates per second keep it comparable.
  const rate = (count: number, b: Bucket): number => count / Math.max((b.endMs - b.startMs) / 1000, 1e-3);
  const accepted = data.buckets.map((b) => ({ b, v: rate(b.accepted, b) }));
  const rejected = data.buckets.map((b) => ({ b, v: rate(b.rejected, b) }));
  const maxOf = (values: number[]): number => values.reduce((m, v) => Math.max(m, v), 0);

  const throughput = panel(
    {
      top: 110,
      height: 220,
      // Headroom above the highest of both series, so the capacity line never sits on the frame.
      max: 1.1 * maxOf([...accepted.map((a) => a.v), ...data.capacity.map((c) => c.capacityPerSecond)]),
      title: 'Accepted requests per second (1 s buckets) against the API’s capacity',
      yLabel: 'req/s',
    },
    x,
    xTicks,
  );
  const refused = panel(
    {
      top: 372,
      height: 110,
      max: maxOf(rejected.map((r) => r.v)),
      title: 'Rejections per second (429 and 503)',
      yLabel: 'req/s',
    },
    x,
    xTicks,
  );
  const delay = panel(
    {
      top: 524,
      height: 90,
      max: maxOf(data.delay.map((d) => d.delayMs)),
      title: 'Dispatch delay of the pool (AIMD)',
      yLabel: 'ms',
    },
    x,
    xTicks,
  );

  const acceptedLine = stepPath(
    accepted.map(({ b, v }) => ({ x: tx(b.startMs), y: throughput.y(v) })),
    xEnd,
  );
  const acceptedArea = acceptedLine && `${acceptedLine}V${num(throughput.y(0))}H${num(tx(0))}Z`;
  const capacity = data.capacity.filter((c) => c.atMs <= durationMs);
  const capacityLine = stepPath(
    capacity.map((c) => ({ x: tx(c.atMs), y: throughput.y(c.capacityPerSecond) })),
    xEnd,
  );
  // Each capacity step is labelled where it starts, so the limit's value is read, not estimated.
  const capacityLabels = capacity.map((c) =>
    text(tx(c.atMs) + 4, throughput.y(c.capacityPerSecond) - 7, `capacity ${num(c.capacityPerSecond)}/s`, {
      fill: COLORS.capacity,
      // A white halo, so the label stays legible where the accepted line crosses it.
      stroke: '#ffffff',
      'stroke-width': 3,
      'paint-order': 'stroke',
      'stroke-dasharray': 'none',
    }),
  );
  const delayLine = stepPath(
    data.delay.map((d) => ({ x: tx(d.tMs), y: delay.y(d.delayMs) })),
    xEnd,
  );
  const bars = rejected
    .filter(({ v }) => v > 0)
    .map(({ b, v }) =>
      el('rect', {
        x: tx(b.startMs) + 1,
        y: refused.y(v),
        width: Math.max(tx(b.endMs) - tx(b.startMs) - 2, 0.5),
        height: refused.y(0) - refused.y(v),
      }),
    );
  const path = (d: string, attrs: Record<string, string> = {}): string =>
    d ? el('path', { d, ...attrs }) : '';

  return frame(options.title ?? DEFAULT_TITLE, options.subtitle, [
    legend(LEFT, 78),
    throughput.svg,
    refused.svg,
    delay.svg,
    series('series-accepted', { fill: COLORS.accepted, 'fill-opacity': 0.15, stroke: COLORS.accepted }, [
      path(acceptedArea, { stroke: 'none' }),
      path(acceptedLine, { fill: 'none', 'stroke-width': '1.5' }),
    ]),
    series('series-capacity', { fill: 'none', stroke: COLORS.capacity, 'stroke-width': 2 }, [
      path(capacityLine, { 'stroke-dasharray': '6 4' }),
      ...capacityLabels,
    ]),
    series('series-rejections', { fill: COLORS.rejections, 'fill-opacity': 0.8 }, bars),
    series('series-delay', { fill: 'none', stroke: COLORS.delay }, [path(delayLine)]),
    data.buckets.length === 0
      ? text((LEFT + RIGHT) / 2, 225, 'no requests recorded', { 'text-anchor': 'middle', fill: '#718096' })
      : '',
    text((LEFT + RIGHT) / 2, HEIGHT - 12, 'time since the API started (s)', {
      'text-anchor': 'middle',
      fill: '#2d3748',
    }),
  ]);
}
