// runPipeline in process, against the simulated API: the engine under the CLI and the demo.
import { expect } from 'chai';
import { Pool } from '../../lib/Pool.js';
import { runPipeline, type PipelineOptions, type PipelineProgress } from '../../lib/cli/runPipeline.js';
import { simulatedResult } from '../../lib/sim/simulatedResult.js';
import { startSimulatedApi } from '../../lib/sim/startSimulatedApi.js';
import type { SimulatedApi } from '../../lib/sim/SimulatedApi.js';
import { records, requestsSeen, rows, until } from './helpers.js';

async function* linesOf(lines: readonly string[]): AsyncGenerator<string> {
  yield* lines;
}

describe('pooled-map CLI', function () {
  this.timeout(20_000);

  describe('runPipeline', () => {
    let api: SimulatedApi;
    beforeEach(async () => {
      api = await startSimulatedApi({
        capacityPerSecond: 2000,
        burst: 200,
        latency: { medianMs: 3, p99Ms: 30 },
      });
    });
    afterEach(() => api.close());

    const run = async (lines: readonly string[], options: Partial<PipelineOptions> = {}) => {
      let text = '';
      const summary = await runPipeline({
        lines: linesOf(lines),
        write: (line) => void (text += line),
        pool: new Pool({ poolSize: 8 }),
        url: api.url,
        ...options,
      });
      return { summary, written: records(text), text };
    };

    it('should write one record per row in input order whatever order the calls finish in', async () => {
      const { summary, written, text } = await run(rows(100));
      expect(written.map((r) => r.index)).to.deep.equal([...Array(100).keys()]);
      written.forEach((r, i) => expect(r.response).to.deep.equal(simulatedResult({ id: i })));
      expect(written.some((r) => r.completeIndex !== r.submitIndex)).to.equal(true); // it did reorder
      expect(text.endsWith('\n')).to.equal(true);
      expect(summary).to.deep.include({
        rows: 100,
        succeeded: 100,
        failedByReason: {},
        blankLines: 0,
        aborted: false,
      });
      expect(summary.stats.maxConcurrentReached).to.be.within(2, 8);
    });

    it('should keep invalid lines in place without a request, even a long run of them behind a slow row', async () => {
      // 200 bad lines after row 0 with a window of 16: the reader must wait for the writer, not hoard.
      const lines = [JSON.stringify({ id: 0 }), ...Array(200).fill('{bad'), '   ', ...rows(5).slice(1)];
      const { summary, written } = await run(lines, { pool: new Pool({ poolSize: 2, maxBuffered: 2 }) });
      expect(written).to.have.length(205);
      expect(written.map((r) => r.index)).to.deep.equal([...Array(205).keys()]);
      expect(
        written.slice(1, 201).every((r) => (r.failure as { reason: string }).reason === 'invalid_input'),
      ).to.equal(true);
      expect(written[1]).to.deep.include({ line: 2, ok: false, attempts: 0 });
      expect(written[201]).to.include({ line: 203, ok: true }); // line 202 is blank
      expect(summary).to.deep.include({
        rows: 205,
        succeeded: 5,
        failedByReason: { invalid_input: 200 },
        blankLines: 1,
      });
      expect(requestsSeen(api.stats())).to.equal(5);
    });

    it('should finish an input with no valid row at all', async () => {
      const { summary, written } = await run(['nope', '', '[1,'], {});
      expect(written.map((r) => [r.index, r.line])).to.deep.equal([[0, 1], [1, 3]]); // prettier-ignore
      expect(summary.failedByReason).to.deep.equal({ invalid_input: 2 });
    });

    it('should continue the numbering of an earlier run from firstIndex and firstLine', async () => {
      const { written } = await run(['{"id":7}', '', 'x'], { firstIndex: 40, firstLine: 43 });
      expect(written.map((r) => [r.index, r.line])).to.deep.equal([[40, 43], [41, 45]]); // prettier-ignore
    });

    it('should report progress while running and once at the end', async () => {
      const seen: number[] = [];
      await run(rows(30), { onProgress: (p) => seen.push(p.done), progressIntervalMs: 5 });
      expect(seen.at(-1)).to.equal(30);
      expect(seen.length).to.be.greaterThan(1);
    });

    it('should stop on abort: the finished rows written in order, the calls running aborted', async () => {
      const controller = new AbortController();
      let count = 0;
      const pool = new Pool({ poolSize: 4, minDispatchDelayMs: 5 });
      const running = run(rows(10_000), { signal: controller.signal, pool, write: () => void count++ });
      await until(() => count >= 10);
      controller.abort();
      const { summary } = await running;
      expect(summary.aborted).to.equal(true);
      expect(summary.rows).to.equal(count).and.to.be.lessThan(10_000);
      // Each aborted request gives its permit back once it has failed with the abort.
      await until(() => pool.stats().inFlight === 0);
    });

    it('should show failed attempts as they happen and give up on an unreachable URL', async () => {
      const seen: PipelineProgress[] = [];
      const { summary, written } = await run(rows(3), {
        url: 'http://127.0.0.1:1/', // nothing listens on port 1
        pool: new Pool({ poolSize: 2, recoveryStepMs: 10 }),
        onProgress: (progress) => seen.push(progress),
        progressIntervalMs: 10,
        giveUpAfterMs: 300,
      });
      expect(summary).to.include({ aborted: true, rows: 0 });
      expect(summary.gaveUp).to.match(/^no request has been answered for \d+ ms while every attempt failed$/);
      expect(summary.lastError).to.match(/ECONNREFUSED/);
      expect(Object.keys(summary.failedAttempts)).to.deep.equal(['ECONNREFUSED']);
      expect(written).to.deep.equal([]);
      // The progress told of the failures while no record had been written.
      const during = seen.find((progress) => progress.failedAttempts.ECONNREFUSED !== undefined);
      expect(during).to.include({ done: 0 });
      expect(during?.lastError).to.match(/ECONNREFUSED/);
      expect(Math.max(...seen.map((progress) => progress.stalledMs))).to.be.at.least(300);
    });

    it('should not give up while answers come, however slowly, nor once the run is over', async () => {
      const { summary } = await run(rows(20), { giveUpAfterMs: 1, progressIntervalMs: 1 });
      expect(summary).to.include({ aborted: false, gaveUp: undefined, succeeded: 20 });
      expect(summary.failedAttempts).to.deep.equal({});
    });

    it('should retry rows refused for capacity until they succeed', async () => {
      await api.close();
      api = await startSimulatedApi({ capacityPerSecond: 200, burst: 2, latency: { medianMs: 1 } });
      const { summary, written } = await run(rows(40), {
        pool: new Pool({ poolSize: 16, recoveryStepMs: 2 }),
      });
      expect(summary.succeeded).to.equal(40);
      expect(summary.stats.capacityRetries).to.be.greaterThan(0);
      expect(written.some((r) => (r.attempts as number) > 1)).to.equal(true);
    });
  });
});
