// Which answer an admitted request gets: success, a retryable 500 or a permanent 400. Drawn from
// its own seeded stream so that changing the error rates never changes the latencies drawn.

export type Outcome = 200 | 400 | 500;

/**
 * One draw per admitted request: u < rate500 → 500, else u < rate500 + rate400 → 400, else 200.
 * A rate of 1 therefore fails every request, and a rate of 0 none, whatever the seed.
 */
export function outcomeDrawer(rate500: number, rate400: number, random: () => number): () => Outcome {
  return () => {
    const u = random();
    if (u < rate500) return 500;
    if (u < rate500 + rate400) return 400;
    return 200;
  };
}
