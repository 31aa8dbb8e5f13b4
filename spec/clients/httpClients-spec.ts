// The HTTP clients and SDKs people call from `project`, each throwing its own errors, against the
// simulated API with a low limit: the default classification must read every one of them, so
// every pipeline ends with every row ok, in order, and a refused connection ends in failed
// entries rather than a stream error.
import { expect } from 'chai';
import axios from 'axios';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import OpenAI from 'openai';
import { lastValueFrom, range, toArray } from 'rxjs';
import { pooledMap } from '../../lib/operators/pooledMap.js';
import type { CallContext, PoolEntry } from '../../lib/PoolEntry.js';
import type { SimulatedApi } from '../../lib/sim/SimulatedApi.js';
import { startSimulatedApi } from '../../lib/sim/startSimulatedApi.js';

type Project = (row: number, ctx: CallContext) => Promise<unknown>;

// ESM-only clients (got, ky) are loaded with a dynamic import: mocha runs the specs as CommonJS.
const importEsm = new Function('name', 'return import(name)') as (
  name: string,
) => Promise<{ default: unknown }>;

const ROWS = 24;

async function run(project: Project, maxCapacityRetrySeconds = 30): Promise<PoolEntry<unknown>[]> {
  return lastValueFrom(
    range(0, ROWS).pipe(pooledMap(project, { poolSize: 8, maxCapacityRetrySeconds }), toArray()),
  );
}

function expectAllOk(entries: PoolEntry<unknown>[], api: SimulatedApi): void {
  expect(entries.map((e) => e.submitIndex)).to.deep.equal([...Array(ROWS).keys()]);
  expect(entries.filter((e) => isRight(e.result))).to.have.length(ROWS);
  // The limit was met: the pool saw refusals and retried them.
  expect(api.stats().rejected429).to.be.above(0);
}

describe('real HTTP clients against the simulated API', function () {
  this.timeout(60_000);
  let api: SimulatedApi;
  beforeEach(async () => {
    api = await startSimulatedApi({
      capacityPerSecond: 20,
      burst: 2,
      retryAfter: true,
      latency: { medianMs: 5 },
    });
  });
  afterEach(() => api.close());

  it('should read fetch Responses thrown as they are', async () => {
    const entries = await run(async (row, { signal }) => {
      const response = await fetch(api.url, { method: 'POST', body: JSON.stringify({ row }), signal });
      if (!response.ok) throw response;
      return response.json();
    });
    expectAllOk(entries, api);
  });

  it("should read axios' AxiosError (status on error.response)", async () => {
    const entries = await run(
      async (row, { signal }) => (await axios.post(api.url, { row }, { signal })).data,
    );
    expectAllOk(entries, api);
  });

  it("should read got's HTTPError (response.statusCode), its own retries off", async () => {
    const got = (await importEsm('got')).default as typeof import('got').default;
    const entries = await run((row, { signal }) =>
      got.post(api.url, { json: { row }, retry: { limit: 0 }, signal }).json(),
    );
    expectAllOk(entries, api);
  });

  it("should read ky's HTTPError (response.status), its own retries off", async () => {
    const ky = (await importEsm('ky')).default as typeof import('ky').default;
    const entries = await run((row, { signal }) =>
      ky.post(api.url, { json: { row }, retry: 0, signal }).json(),
    );
    expectAllOk(entries, api);
  });

  it("should read the OpenAI SDK's RateLimitError (status and headers), its own retries off", async () => {
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: api.url, maxRetries: 0 });
    const entries = await run((row, { signal }) => client.post('/echo', { body: { row }, signal }));
    expectAllOk(entries, api);
  });

  it('should end a refused connection in retry_timeout entries, not a stream error', async () => {
    const closed = api.url;
    await api.close();
    const entries = await run(async (row, { signal }) => {
      const response = await fetch(closed, { method: 'POST', body: JSON.stringify({ row }), signal });
      return response.json();
    }, 0.3);
    expect(entries).to.have.length(ROWS);
    for (const entry of entries) {
      if (!isLeft(entry.result)) throw new Error(`row ${entry.submitIndex} should have failed`);
      expect(entry.result.left.reason).to.equal('retry_timeout');
    }
  });
});
