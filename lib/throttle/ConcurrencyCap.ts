/** Calls the pool sends before its first answers (TCP's initial window is 10 segments). */
const INITIAL_CALLS = 8;

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
 * It never goes below 1 nor above `poolSize`. It starts as TCP does, at a few calls (slow start):
 * each success lets one more call out, doubling the calls in flight every round, until the
 * first refusal of any kind or `poolSize`. A pool of 32 would otherwise send 32 calls before the
 * first answer, and the first answer is what brings the server's rate-limit headers: against a
 * bucket of burst 5 that opening wave was 3.5–4.8 % of a run refused, all of it avoidable.
 */
export class ConcurrencyCap {
  /** The cap as a real number; calls may start while fewer than `floor(cap)` run. */
  private cap: number;
  /** The number of calls running at the last refusal, past which probing slows down. */
  private ceiling = Infinity;
  /** Increments on every cut; a call records it when sent. */
  private cuts = 0;

  /** Until the first refusal: one more call per success. */
  private slowStart = true;

  constructor(private readonly max: number) {
    this.cap = Math.min(max, INITIAL_CALLS);
  }

  /** Calls that may run at once now. */
  get limit(): number {
    return Math.floor(this.cap);
  }

  /** The cut count a call sent now belongs to. */
  get epoch(): number {
    return this.cuts;
  }

  /**
   * An overload refusal of a call sent at `epoch` with `running` calls in flight (itself
   * included). Returns true when that call ran alone: fewer calls at once cannot help then (the
   * server is full of other clients' calls), so the pace has to slow instead. Three pools that
   * retried such refusals at once, one call each, had 86 % of their calls refused behind a server
   * taking 3 at once (virtual time).
   */
  refused(running: number, epoch: number): boolean {
    this.slowStart = false;
    if (epoch < this.cuts) return false;
    this.cap = Math.max(1, Math.min(this.cap, running - 1));
    this.ceiling = running;
    this.cuts += 1;
    return running <= 1;
  }

  /** A call succeeded: grow the cap by a round's worth, slowly past the last refused level. */
  succeeded(): void {
    if (this.cap >= this.max) return;
    if (this.slowStart) {
      this.cap = Math.min(this.max, this.cap + 1);
      return;
    }
    const step = this.cap + 1 < this.ceiling ? 1 / this.cap : 1 / (10 * this.cap);
    this.cap = Math.min(this.max, this.cap + step);
  }

  /**
   * A refusal for the rate, not for the calls at once: the pace is the delay's business, so slow
   * start ends with every permit open.
   */
  paceRefused(): void {
    if (!this.slowStart) return;
    this.slowStart = false;
    this.cap = this.max;
  }
}
