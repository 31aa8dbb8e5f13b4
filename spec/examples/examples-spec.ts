// Runs every example against a simulated API on port 0 and checks what it returns: complete, in
// input order, each result the simulator's answer to that very row. Examples are documentation
// that is executed, so they cannot silently rot.
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulatedApi } from '../../lib/sim/startSimulatedApi.js';
import type { SimulatedApi } from '../../lib/sim/SimulatedApi.js';
import type { SimulatedApiOptions } from '../../lib/sim/SimulatedApiOptions.js';
import { simulatedResult } from '../../lib/sim/simulatedResult.js';
import * as basic from '../../examples/basic.js';
import * as nodeStream from '../../examples/node-stream.js';
import * as openaiChat from '../../examples/openai-chat.js';
// The marble example is a mocha spec file as a user would write it: importing it registers its tests here.
import '../../examples/marble-test.js';

describe('examples', () => {
  const open: SimulatedApi[] = [];
  const simulator = async (options: SimulatedApiOptions): Promise<SimulatedApi> => {
    const api = await startSimulatedApi({ latency: { medianMs: 2, p99Ms: 8 }, ...options });
    open.push(api);
    return api;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((api) => api.close()));
  });

  describe('basic', () => {
    it('should give one successful entry per ticket, in input order, through 429s', async () => {
      const api = await simulator({ capacityPerSecond: 20, burst: 2 });
      const entries = await basic.main({ url: api.url });
      expect(entries.map((e) => e.submitIndex)).to.deep.equal([0, 1, 2, 3, 4, 5]);
      entries.forEach((entry, i) => {
        expect(entry.result).to.deep.equal({ _tag: 'Right', right: simulatedResult(basic.tickets[i]) });
      });
      expect(api.stats().rejected429, 'a pool of 4 against a burst of 2 meets 429s').to.be.above(0);
      expect(basic.describeEntry(entries[0]!)).to.match(/^row 0: ok after \d+ attempt\(s\)/);
    });
  });

  describe('openai-chat', () => {
    const tickets = openaiChat.sampleTickets(12);

    it('should label every ticket in order, waiting out 429s with Retry-After', async () => {
      // A burst of 1: the pool's first four calls go out together, so 429s come however slow the
      // machine (at the default burst of 5, a loaded machine spread them out and met none).
      const api = await simulator({ capacityPerSecond: 50, burst: 1, retryAfter: true });
      const results = await openaiChat.main({ baseUrl: api.url, apiKey: 'sk-test', tickets, poolSize: 4 });
      expect(results.map((r) => r.id)).to.deep.equal(tickets.map((t) => t.id));
      results.forEach((result, i) => {
        // The simulator echoes the request: the chat body built for this very ticket.
        const { echo } = JSON.parse(result.label ?? 'null') as {
          echo: { messages: Array<{ content: string }> };
        };
        expect(echo.messages[1]?.content).to.equal(`${tickets[i]!.subject}\n\n${tickets[i]!.body}`);
      });
      expect(api.stats().rejected429, 'a burst of 1 against a pool of 4 meets 429s').to.be.above(0);
    });

    it('should fail a row for good on a 4xx, with one attempt', async () => {
      const api = await simulator({ errorRate400: 1 });
      const results = await openaiChat.main({ baseUrl: `${api.url}v1/`, tickets: tickets.slice(0, 3) });
      expect(results).to.deep.equal(
        tickets.slice(0, 3).map((t) => ({ id: t.id, label: null, attempts: 1, failure: 'permanent_error' })),
      );
    });

    it('should retry a 5xx until it succeeds', async () => {
      const api = await simulator({ errorRate500: 0.5, seed: 7 });
      const results = await openaiChat.main({ baseUrl: api.url, tickets: tickets.slice(0, 6) });
      expect(results.every((r) => r.label !== null)).to.equal(true);
      expect(results.reduce((sum, r) => sum + r.attempts, 0)).to.equal(6 + api.stats().failed500);
      expect(api.stats().failed500).to.be.above(0);
    });
  });

  describe('node-stream', () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'pooled-map-example-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('should write one line per input line, in input order, each the answer to its row', async () => {
      const rows = Array.from({ length: 300 }, (_, i) => ({ id: i, text: `row ${i}` }));
      const input = join(dir, 'in.ndjson');
      const output = join(dir, 'nested', 'out.ndjson');
      writeFileSync(input, rows.map((row) => JSON.stringify(row)).join('\n') + '\n');
      const api = await simulator({ capacityPerSecond: 1000 });

      const counts = await nodeStream.main({ input, output, url: api.url, poolSize: 8 });

      expect(counts).to.deep.equal({ rows: 300, failed: 0 });
      const lines = readFileSync(output, 'utf8').trimEnd().split('\n');
      expect(lines.map((line) => JSON.parse(line) as unknown)).to.deep.equal(
        rows.map((row, i) => ({ row: i, ok: true, result: simulatedResult(row) })),
      );
    });
  });
});
