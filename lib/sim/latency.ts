// Reproducible randomness for the simulator: a seeded PRNG and a log-normal service-time sampler.
// Math.random cannot be seeded, and a benchmark or a demo chart must look the same on every run.

/**
 * A seeded generator of uniform numbers in [0, 1). Counter-based: a Weyl sequence (step 2^32/φ)
 * pushed through MurmurHash3's 32-bit finaliser, whose avalanche hides the counter's regularity.
 * 32 bits of resolution is ample for drawing latencies and fault outcomes.
 */
export function createRandom(seed: number): () => number {
  let counter = seed >>> 0;
  return () => {
    counter = (counter + 0x9e3779b9) >>> 0;
    let z = counter;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return ((z ^ (z >>> 16)) >>> 0) / 4294967296;
  };
}

/** Derives an independent seed for a second stream, so one stream's draws never shift another's. */
export function deriveSeed(seed: number, stream: number): number {
  return Math.floor(createRandom((seed ^ Math.imul(stream, 0x27d4eb2f)) >>> 0)() * 4294967296);
}

/** The standard normal distribution's 99th percentile. */
const Z99 = 2.3263478740408408;

/**
 * Samples service times (ms) from the log-normal distribution with the given median and 99th
 * percentile: ln(latency) ~ Normal(ln median, σ) with σ = ln(p99 / median) / z₀.₉₉. Log-normal
 * because real API latencies are positive and right-skewed: most calls are near the median, a few
 * are much slower. Each sample consumes exactly two draws, so the k-th sample is the same on every
 * run with the same seed. A median of 0 means no latency at all.
 */
export function logNormalSampler(medianMs: number, p99Ms: number, random: () => number): () => number {
  if (medianMs === 0) return () => 0;
  const sigma = Math.log(p99Ms / medianMs) / Z99;
  return () => {
    // Box–Muller; 1 - u lies in (0, 1], so the logarithm stays finite.
    const radius = Math.sqrt(-2 * Math.log(1 - random()));
    const z = radius * Math.cos(2 * Math.PI * random());
    return medianMs * Math.exp(sigma * z);
  };
}
