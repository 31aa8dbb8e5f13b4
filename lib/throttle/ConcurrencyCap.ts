/**
 * How many calls the API takes at once, learnt from its overload answers (503, 529): the one
 * limit a dispatch spacing cannot hold. Behind a server that refuses above N calls in flight, a
 * spacing lets through N calls when they are quick and too many when they are slow, so the AIMD
 * delay only chases the latency (measured: 0.46–0.65 of the capacity). Here the permits the pool
 * uses are cut instead, as TCP cuts its window:
 *
 * - a refusal of a call sent with `k` calls running (itself included) says the server takes fewer
 *   than `k`: the cap drops to `k − 1`, once per event (later refusals of calls sent before the
 *   cut were sent at the old cap);
 * - each success adds `1 / cap` (one call per round of the cap) up to one below the level that
 *   was refused, then `1 / (10 × cap)`: the probe past a known ceiling costs about one refusal in
 *   ten rounds, instead of one in every round.
 *
 * It never goes below 1 nor above `poolSize`, and starts at `poolSize`: until the API says
 * otherwise, only the pool's own limit applies.
 */
export class ConcurrencyCap {
  /** The cap as a real number; calls may start while fewer than `floor(cap)` run. */
  private cap: number;
  /** The number of calls running at the last refusal, past which probing slows down. */
  private ceiling = Infinity;
  /** Increments on every cut; a call records it when sent. */
  private cuts = 0;

  constructor(private readonly max: number) {
    this.cap = max;
  }

  /** Calls that may run at once now. */
  get limit(): number {
    return Math.floor(this.cap);
  }

  /** The cut count a call sent now belongs to. */
  get epoch(): number {
    return this.cuts;
  }

  /** An overload refusal of a call sent at `epoch` with `running` calls in flight (itself included). */
  refused(running: number, epoch: number): void {
    if (epoch < this.cuts) return;
    this.cap = Math.max(1, Math.min(this.cap, running - 1));
    this.ceiling = running;
    this.cuts += 1;
  }

  /** A call succeeded: grow the cap by a round's worth, slowly past the last refused level. */
  succeeded(): void {
    if (this.cap >= this.max) return;
    const step = this.cap + 1 < this.ceiling ? 1 / this.cap : 1 / (10 * this.cap);
    this.cap = Math.min(this.max, this.cap + step);
  }
}
