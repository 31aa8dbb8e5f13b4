// An instrumented row source for the pull specs: it counts the rows taken from it and checks, at
// every pull, the bound the pull-based runs promise against the consumer's own count.

export interface Instrumented<T> {
  /** Rows handed out so far. */
  readonly taken: number;
  /** Highest `taken - consumed` seen at any pull, the pulled row included. */
  readonly peakOutstanding: number;
  /** The generator's `finally` ran (it was returned, finished or threw). */
  readonly closed: boolean;
  /** The consumer calls this for each entry it receives. */
  consumed(): void;
  readonly sync: Iterable<T>;
  readonly async: AsyncIterable<T>;
}

/** Rows 0, 1, 2, … from `row(i)`, `count` of them (default: infinitely many); `fail` throws at `failAt`. */
export function instrumented<T = number>(
  options: { count?: number; failAt?: number; row?: (i: number) => T } = {},
): Instrumented<T> {
  const { count = Infinity, failAt = Infinity, row = (i: number) => i as T } = options;
  let taken = 0;
  let consumed = 0;
  let peakOutstanding = 0;
  let closed = false;
  const take = (): T => {
    if (taken === failAt) throw new Error(`source failed at row ${taken}`);
    peakOutstanding = Math.max(peakOutstanding, taken + 1 - consumed);
    return row(taken++);
  };
  return {
    get taken() {
      return taken;
    },
    get peakOutstanding() {
      return peakOutstanding;
    },
    get closed() {
      return closed;
    },
    consumed: () => void consumed++,
    sync: {
      *[Symbol.iterator]() {
        try {
          while (taken < count) yield take();
        } finally {
          closed = true;
        }
      },
    },
    async: {
      async *[Symbol.asyncIterator]() {
        try {
          while (taken < count) {
            await Promise.resolve();
            yield take();
          }
        } finally {
          closed = true;
        }
      },
    },
  };
}

/** Lets queued promise callbacks and immediate timers run, `times` times over. */
export async function ticks(times = 1): Promise<void> {
  for (let i = 0; i < times; i++) await new Promise((resolve) => setImmediate(resolve));
}
