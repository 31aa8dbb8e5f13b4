// The baseline this package set out to improve: elspeth's pooled executor rule, rebuilt small.
// What it does (from elspeth's plugins/pooling, cited not copied): `poolSize` workers each own a
// row until it succeeds; a global gate spaces dispatches by the static minimum delay only; on a
// capacity error the AIMD delay is multiplied (once per error, however many arrive together) and
// the worker sleeps that delay before its retry, holding no gate while it sleeps, so every other
// worker keeps dispatching at full speed; each success subtracts one recovery step. Retry-After
// is not read. The defaults are elspeth's (and this package's): min 0, max 5000, ×2, step 50.

export interface ElspethSettings {
  poolSize: number;
  minDispatchDelayMs?: number;
  maxDispatchDelayMs?: number;
  backoffMultiplier?: number;
  recoveryStepMs?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((wake) => setTimeout(wake, ms));

/**
 * Calls `call(i)` for every i < rows with elspeth's rule; resolves when every row has succeeded
 * or failed with an error `isCapacity` does not accept (that row is then given up).
 */
export async function elspethPool(
  rows: number,
  call: (index: number) => Promise<unknown>,
  isCapacity: (error: unknown) => boolean,
  settings: ElspethSettings,
): Promise<void> {
  const { poolSize, minDispatchDelayMs: min = 0, maxDispatchDelayMs: max = 5000 } = settings;
  const { backoffMultiplier = 2, recoveryStepMs: step = 50 } = settings;
  let delay = 0; // the AIMD delay: read by a worker only when it is about to sleep before a retry
  let lastDispatch = -Infinity;
  let next = 0;

  // The global gate: the static minimum between any two dispatches; the AIMD delay plays no part.
  const gate = async (): Promise<void> => {
    for (
      let wait = lastDispatch + min - performance.now();
      wait > 0;
      wait = lastDispatch + min - performance.now()
    ) {
      await sleep(wait);
    }
    lastDispatch = performance.now();
  };

  const worker = async (): Promise<void> => {
    for (let row = next++; row < rows; row = next++) {
      for (;;) {
        await gate();
        try {
          await call(row);
          delay = Math.max(min, delay - step);
          break;
        } catch (error) {
          if (!isCapacity(error)) break;
          // Bootstrap from exactly 0, else multiply: every rejection of a wave multiplies again.
          delay = Math.min(max, delay === 0 ? Math.max(step, min) : delay * backoffMultiplier);
          await sleep(delay);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: poolSize }, worker));
}
