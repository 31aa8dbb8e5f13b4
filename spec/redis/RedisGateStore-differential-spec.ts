import { expect } from 'chai';
import fc from 'fast-check';
import { createClient } from 'redis';
import { RedisGateStore } from '../../lib/redis/RedisGateStore.js';
import { gateStep, type GateState, type Leases } from '../../lib/shared/gateStep.js';
import type { SyncReply } from '../../lib/shared/GateStore.js';
import { gateRuns, requestOf, type GateRun, type Heard } from '../helpers/gateRuns.js';
import { startRedisServer, type RedisServer } from '../helpers/redisServer.js';

// The Lua script is a port of gateStep: run both on the same requests at the same clock and they
// must agree on every reply and on every stored field, the lease table included.
describe('RedisGateStore against gateStep', function () {
  this.timeout(60_000);
  let server: RedisServer;
  let client: ReturnType<typeof createClient>;
  let gates = 0;

  before(async () => {
    server = await startRedisServer();
    client = createClient({ url: server.url });
    await client.connect();
  });
  after(async () => {
    await client?.quit();
    await server?.stop();
  });

  async function compare(run: GateRun): Promise<void> {
    let nowMs = run.startMs;
    const store = new RedisGateStore(client, { prefix: 'diff', clock: () => nowMs });
    const gate = `g${gates++}`;
    const [stateKey, leasesKey] = store.keysOf(gate);
    let state: GateState | undefined;
    const leases: Leases = new Map();
    const heard: Heard = new Map();
    for (const [i, step] of run.steps.entries()) {
      nowMs += step.dtMs;
      const request = requestOf(run, step, heard);
      const actual = await store.sync(gate, request);
      const expected = gateStep(state, leases, request, nowMs);
      state = expected.state;
      heard.set(step.worker, expected.reply);
      const at = `step ${i}: ${JSON.stringify(request)}`;
      expectSameReply(actual, expected.reply, at);
      expectSameState(await client.hGetAll(stateKey), state, at);
      const stored = await client.zRangeWithScores(leasesKey, 0, -1);
      const kept = [...leases].sort(([a, x], [b, y]) => x - y || (a < b ? -1 : 1));
      expect(
        stored.map(({ value, score }) => [value, score]),
        `leases at ${at}`,
      ).to.deep.equal(kept);
    }
  }

  it('should answer and store exactly what gateStep does, for random fleets and clocks', async () => {
    await fc.assert(fc.asyncProperty(gateRuns, compare), { numRuns: 100 });
  });

  it('should agree when the gate was made with other settings (a mismatch changes nothing)', async () => {
    const runs = fc.sample(gateRuns, { numRuns: 20, seed: 13 });
    for (const run of runs) {
      const [first, ...rest] = run.steps;
      if (first === undefined) continue;
      // The first request makes the gate with the other settings: every later one mismatches.
      await compare({ ...run, steps: [{ ...first, otherSettings: true }, ...rest] });
    }
  });
});

function expectSameReply(actual: SyncReply, expected: SyncReply, at: string): void {
  const exact = (r: SyncReply) => ({ ...r, delayMs: 0, spacingMs: 0, nextMs: 0, waitsMs: r.waitsMs.length });
  expect(exact(actual), `reply at ${at}`).to.deep.equal(exact(expected));
  expect(actual.delayMs, `delayMs at ${at}`).to.be.closeTo(expected.delayMs, 0.001);
  expect(actual.spacingMs, `spacingMs at ${at}`).to.be.closeTo(expected.spacingMs, 0.001);
  expect(actual.nextMs, `nextMs at ${at}`).to.be.closeTo(expected.nextMs, 0.001);
  actual.waitsMs.forEach((w, i) =>
    expect(w, `waitsMs[${i}] at ${at}`).to.be.closeTo(expected.waitsMs[i]!, 0.001),
  );
}

/** Field by field: strings equal, numbers read back to the very same double. */
function expectSameState(stored: Record<string, string>, state: GateState | undefined, at: string): void {
  expect(state, `state at ${at}`).to.not.equal(undefined);
  const expected = state as unknown as Record<string, string | number>;
  expect(Object.keys(stored).sort(), `state fields at ${at}`).to.deep.equal(Object.keys(expected).sort());
  for (const [field, value] of Object.entries(expected)) {
    const read = typeof value === 'number' ? Number(stored[field]) : stored[field];
    expect(read === value, `state.${field} at ${at}: stored ${stored[field]}, expected ${value}`).to.equal(
      true,
    );
  }
}
