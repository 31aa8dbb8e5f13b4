import { expect } from 'chai';
import { LEFT, RIGHT } from '../../lib/demo/chartParts.js';
import { renderReport } from '../../lib/demo/renderReport.js';
import type { TimelineData } from '../../lib/demo/timeline.js';
import { xmlProblems } from '../helpers/wellFormedXml.js';

/** A 4-second run: capacity 100 req/s, then 50 from 2 s; rejections in two buckets. */
const run: TimelineData = {
  durationMs: 4000,
  capacity: [
    { atMs: 0, capacityPerSecond: 100 },
    { atMs: 2000, capacityPerSecond: 50 },
  ],
  buckets: [
    { startMs: 0, endMs: 1000, accepted: 60, rejected: 12 },
    { startMs: 1000, endMs: 2000, accepted: 98, rejected: 0 },
    { startMs: 2000, endMs: 3000, accepted: 55, rejected: 30 },
    { startMs: 3000, endMs: 4000, accepted: 49, rejected: 0 },
  ],
  delay: [
    { tMs: 0, delayMs: 0 },
    { tMs: 150, delayMs: 50 },
    { tMs: 900, delayMs: 12.5 },
    { tMs: 2100, delayMs: 25 },
  ],
};

/** The markup of the element with this id (a series group), empty when it has no children. */
function group(svg: string, id: string): string {
  const match = new RegExp(`<g id="${id}"[^>]*?(?:/>|>([\\s\\S]*?)</g>)`).exec(svg);
  expect(match, `#${id}`).to.not.equal(null);
  return match![1] ?? '';
}

function expectWellFormedSvg(svg: string): void {
  const { problems, root } = xmlProblems(svg);
  expect(problems).to.deep.equal([]);
  expect(root).to.equal('svg');
  expect(svg).to.match(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  expect(svg, 'no coordinate is NaN or infinite').to.not.match(/NaN|Infinity/);
}

describe('renderReport', () => {
  it('should be well-formed SVG with the four series, each once', () => {
    const svg = renderReport(run);
    expectWellFormedSvg(svg);
    for (const id of ['series-accepted', 'series-capacity', 'series-rejections', 'series-delay']) {
      expect(svg.split(`id="${id}"`), id).to.have.length(2);
    }
  });

  it('should label the axes and the panels', () => {
    const svg = renderReport(run);
    expect(svg).to.include('>time since the API started (s)</text>');
    expect(svg).to.include('>req/s</text>');
    expect(svg).to.include('>ms</text>');
    expect(svg).to.include('>Dispatch delay of the pool (AIMD)</text>');
    // Time ticks up to the run's end; value ticks up to the capacity with headroom.
    for (const tick of ['0', '1', '2', '3', '4', '50', '100']) expect(svg).to.include(`>${tick}</text>`);
    expect(svg).to.include('>capacity 100/s</text>');
    expect(svg).to.include('>capacity 50/s</text>');
  });

  it('should draw one bar per bucket with rejections, and the lines as paths', () => {
    const svg = renderReport(run);
    expect(group(svg, 'series-rejections').match(/<rect /g)).to.have.length(2);
    expect(group(svg, 'series-capacity')).to.match(/<path d="M[\d. ]+H[\d.]+V[\d.]+H[\d.]+"/);
    // Accepted: an area and its outline; the outline steps once per bucket.
    expect(group(svg, 'series-accepted').match(/<path /g)).to.have.length(2);
    expect(group(svg, 'series-delay')).to.match(/<path d="M[^"]*(?:H[\d.]+V[\d.]+){3}H[\d.]+"/);
  });

  it('should escape the title and subtitle', () => {
    const svg = renderReport(run, { title: 'A <b> & "c"', subtitle: "it's 1 < 2" });
    expectWellFormedSvg(svg);
    expect(svg).to.include('A &#60;b&#62; &#38; &#34;c&#34;');
    expect(svg).to.include('it&#39;s 1 &#60; 2');
  });

  it('should render an empty run: the frame, empty series and a note', () => {
    const svg = renderReport({ durationMs: 0, capacity: [], buckets: [], delay: [] });
    expectWellFormedSvg(svg);
    for (const id of ['series-accepted', 'series-capacity', 'series-rejections', 'series-delay']) {
      expect(group(svg, id), id).to.equal('');
    }
    expect(svg).to.include('>no requests recorded</text>');
    expect(svg).to.include('>time since the API started (s)</text>');
  });

  it('should render a single point of each series', () => {
    const svg = renderReport({
      durationMs: 300,
      capacity: [{ atMs: 0, capacityPerSecond: 10 }],
      buckets: [{ startMs: 0, endMs: 300, accepted: 3, rejected: 1 }],
      delay: [{ tMs: 0, delayMs: 0 }],
    });
    expectWellFormedSvg(svg);
    expect(group(svg, 'series-rejections').match(/<rect /g)).to.have.length(1);
    expect(group(svg, 'series-delay')).to.match(/<path d="M[\d.]+ [\d.]+H[\d.]+"/);
    expect(svg).to.not.include('no requests recorded');
  });

  it('should pin points outside the run to its edges', () => {
    const svg = renderReport({
      ...run,
      delay: [
        { tMs: -5, delayMs: 10 },
        { tMs: 9000, delayMs: 20 },
      ],
    });
    expectWellFormedSvg(svg);
    const xs = [...group(svg, 'series-delay').matchAll(/[MH]([\d.]+)/g)].map((m) => Number(m[1]));
    expect(Math.min(...xs)).to.be.at.least(LEFT);
    expect(Math.max(...xs)).to.be.at.most(RIGHT);
  });
});

describe('xmlProblems (the spec helper)', () => {
  it('should find the faults it exists to catch', () => {
    expect(xmlProblems('<a><b></a>').problems).to.not.be.empty;
    expect(xmlProblems('<a x="1" x="2"/>').problems).to.not.be.empty;
    expect(xmlProblems('<a>1 & 2</a>').problems).to.not.be.empty;
    expect(xmlProblems('<a>1 < 2</a>').problems).to.not.be.empty;
    expect(xmlProblems('<a/><b/>').problems).to.not.be.empty;
    expect(xmlProblems('<a x=1/>').problems).to.not.be.empty;
    expect(xmlProblems('<a x="&amp;"><b/>&#60;</a>').problems).to.deep.equal([]);
  });
});
