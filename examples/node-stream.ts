// A streaming ETL job with Node streams: NDJSON file → lines → one API call per row through a
// pool → NDJSON file, in input order. Pull-based end to end: a row is read only when the pool has
// room for it and the writer keeps up, so a file of any size runs in bounded memory.
//
//   npx tsx examples/node-stream.ts [input.ndjson] [output.ndjson]
//       (default: examples/data/rows.ndjson → out/node-stream.ndjson, against a simulated API)
import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isRight } from 'fp-ts/lib/Either.js';
import {
  CapacityError,
  PermanentError,
  pooledMapIterable,
  type CallContext,
  type PoolEntry,
} from 'rxjs-pooled-map';
import { startSimulatedApi } from 'rxjs-pooled-map/node';

export interface StreamOptions {
  input: string;
  output: string;
  url: string;
  poolSize?: number;
}

/** POSTs one NDJSON line as it is (it already is a JSON body). */
function callApi(url: string) {
  return async (line: string, { signal }: CallContext): Promise<unknown> => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: line,
      signal,
    });
    const body = await response.text();
    if (response.status === 429) throw new CapacityError(429);
    if (!response.ok)
      throw new PermanentError(`HTTP ${response.status}: ${body}`, { statusCode: response.status });
    return JSON.parse(body);
  };
}

/** One output line per entry, saying which input row it belongs to. */
function toNdjson(entry: PoolEntry<unknown>): string {
  const record = isRight(entry.result)
    ? { row: entry.submitIndex, ok: true, result: entry.result.right }
    : { row: entry.submitIndex, ok: false, reason: entry.result.left.reason };
  return JSON.stringify(record) + '\n';
}

export async function main(options: StreamOptions): Promise<{ rows: number; failed: number }> {
  // readline's interface is an async iterable of lines: the pool pulls from it, which pauses the file.
  const lines = createInterface({ input: createReadStream(options.input), crlfDelay: Infinity });
  const entries = pooledMapIterable(lines, callApi(options.url), { poolSize: options.poolSize ?? 16 });
  const counts = { rows: 0, failed: 0 };
  // An async generator as the readable side: `pipeline` pulls from it only as fast as the file
  // takes the writes (backpressure), and if writing fails it stops the generator, which breaks out
  // of the `for await`, which aborts the calls in flight and closes the input.
  async function* ndjson(): AsyncGenerator<string> {
    for await (const entry of entries) {
      counts.rows += 1;
      if (!isRight(entry.result)) counts.failed += 1;
      yield toNdjson(entry);
    }
  }
  mkdirSync(dirname(options.output), { recursive: true });
  await pipeline(Readable.from(ndjson()), createWriteStream(options.output));
  return counts;
}

if (require.main === module) {
  void (async () => {
    const [input = 'examples/data/rows.ndjson', output = 'out/node-stream.ndjson'] = process.argv.slice(2);
    const api = await startSimulatedApi({ capacityPerSecond: 200 });
    try {
      const started = Date.now();
      const { rows, failed } = await main({ input, output, url: api.url });
      const seconds = (Date.now() - started) / 1000;
      console.log(`${rows} rows (${failed} failed) from ${input} to ${output} in ${seconds.toFixed(1)} s`);
      console.log(`the simulated API answered 429 ${api.stats().rejected429} times`);
    } finally {
      await api.close();
    }
  })();
}
