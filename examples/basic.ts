// The operator in its simplest use: a few rows, one HTTP call each through a pool of 4, and one
// entry per row back, in input order, whatever order the calls finished in.
//
//   npx tsx examples/basic.ts              (starts a simulated rate-limited API for itself)
//
// In your code the imports are the same: 'rxjs-pooled-map' (tsconfig.json maps the name to the
// sources here, so the examples run without a build).
import { isRight } from 'fp-ts/lib/Either.js';
import { from, lastValueFrom, toArray } from 'rxjs';
import { CapacityError, PermanentError, pooledMap, type CallContext, type PoolEntry } from 'rxjs-pooled-map';
import { startSimulatedApi } from 'rxjs-pooled-map/node';

export interface Ticket {
  id: string;
  text: string;
}

export const tickets: Ticket[] = [
  { id: 'T-1', text: 'I was charged twice this month.' },
  { id: 'T-2', text: 'The export stops at 80 % every time.' },
  { id: 'T-3', text: 'Love the new dashboard!' },
  { id: 'T-4', text: 'How do I add a seat to my plan?' },
  { id: 'T-5', text: 'Password reset emails never arrive.' },
  { id: 'T-6', text: 'Please cancel my subscription.' },
];

/** POSTs one ticket and tells the pool what a refusal means: 429 slows it down, other errors fail the row. */
function classify(url: string) {
  return async (ticket: Ticket, { signal }: CallContext): Promise<unknown> => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ticket),
      signal, // the pool aborts the request if the output is unsubscribed
    });
    const body = await response.text(); // read it even on errors, so the connection is reused
    if (response.status === 429) throw new CapacityError(429);
    if (!response.ok)
      throw new PermanentError(`HTTP ${response.status}: ${body}`, { statusCode: response.status });
    return JSON.parse(body);
  };
}

export async function main(options: { url: string; rows?: Ticket[] }): Promise<PoolEntry<unknown>[]> {
  const entries$ = from(options.rows ?? tickets).pipe(pooledMap(classify(options.url), { poolSize: 4 }));
  return lastValueFrom(entries$.pipe(toArray()));
}

/** One line per entry: what a user typically reads from it. */
export function describeEntry(entry: PoolEntry<unknown>): string {
  const outcome = isRight(entry.result) ? 'ok' : `failed (${entry.result.left.reason})`;
  return (
    `row ${entry.submitIndex}: ${outcome} after ${entry.attempts} attempt(s), ` +
    `call #${entry.completeIndex + 1} to finish, waited ${Math.round(entry.bufferWaitMs)} ms for earlier rows`
  );
}

if (require.main === module) {
  void (async () => {
    // A small limit, so the pool of 4 meets a few 429s and slows down.
    const api = await startSimulatedApi({ capacityPerSecond: 5, burst: 2 });
    try {
      for (const entry of await main({ url: api.url })) console.log(describeEntry(entry));
      const { accepted, rejected429 } = api.stats();
      console.log(`the API answered ${accepted} times 200 and ${rejected429} times 429`);
    } finally {
      await api.close();
    }
  })();
}
