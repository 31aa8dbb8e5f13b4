// The demo end to end, shrunk: the shipped sample rows (the first 80), a fast simulated API whose
// limit still changes mid-run, into a temporary directory.
import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_DEFAULTS, runDemo } from '../../lib/demo/runDemo.js';
import { simulatedResult } from '../../lib/sim/simulatedResult.js';
import { xmlProblems } from '../helpers/wellFormedXml.js';

describe('demo (npm start)', function () {
  this.timeout(15_000);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'pooled-map-demo-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('should write every record in input order, the chart and a summary', async () => {
    const printed: string[] = [];
    const result = await runDemo({
      outDir: dir,
      limit: 80,
      poolSize: 16,
      capacityPerSecond: 200,
      changeAtMs: 150,
      changedCapacityPerSecond: 100,
      latencyMs: 2,
      progress: 'none',
      log: (line) => printed.push(line),
    });

    const input = readFileSync(DEMO_DEFAULTS.rowsPath, 'utf8').split('\n').slice(0, 80);
    const records = readFileSync(join(dir, 'results.ndjson'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { index: number; ok: boolean; response: unknown });
    expect(records.map((r) => r.index)).to.deep.equal(input.map((_, i) => i));
    records.forEach((record, i) => {
      expect(record.ok, `row ${i}`).to.equal(true);
      expect(record.response, `row ${i}`).to.deep.equal(simulatedResult(JSON.parse(input[i]!)));
    });

    expect(result.summary).to.include({ rows: 80, succeeded: 80, aborted: false });
    expect(result.reportPath).to.equal(join(dir, 'report.svg'));
    expect(existsSync(result.reportPath)).to.equal(true);
    const svg = readFileSync(result.reportPath, 'utf8');
    expect(xmlProblems(svg).problems).to.deep.equal([]);
    expect(svg).to.include('id="series-delay"').and.include('capacity 200/s');

    // Both phases of the limit were reached, and the summary says where the files are.
    expect(result.phases.map((p) => p.capacityPerSecond)).to.deep.equal([200, 100]);
    expect(printed.join('\n'))
      .to.include(`Results: ${join(dir, 'results.ndjson')}`)
      .and.include('goodput');
  });

  it('should say where the rows were expected when they are missing', async () => {
    const missing = join(dir, 'nothing.ndjson');
    let error: unknown;
    await runDemo({ rowsPath: missing, outDir: dir, progress: 'none', log: () => undefined }).catch(
      (e) => (error = e),
    );
    expect(String(error)).to.include(missing).and.include('package root');
  });
});
