/** Calls the pool sends before its first answers (TCP's initial window is 10 segments). */
const INITIAL_CALLS = 8;
/** Rounds between two probes of the level last refused… */
const PROBE_ROUNDS = 10;
/** …doubled for each time in a row that level was refused again, up to 2⁵ times. */
const MAX_STRIKES = 5;

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
 *   ten rounds, instead of one in every round; and each time the same level is refused again, the
 *   rounds before the next probe of it double (up to 320), as TCP backs off its retransmissions.
 *   Behind a server that takes 3 calls at once, ten rounds was 3.2 % of the calls refused; a
 *   server whose limit rises is still found, within ~16 s at 50 ms a call after many refusals.
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
  /** How many times in a row the ceiling was refused again: each doubles the probe's wait. */
  private strikes = 0;
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

  /** An overload refusal of a call sent at `epoch` with `running` calls in flight (itself included). */
  refused(running: number, epoch: number): void {
    this.slowStart = false;
    if (epoch < this.cuts) return;
    this.cap = Math.max(1, Math.min(this.cap, running - 1));
    this.strikes = running === this.ceiling ? Math.min(this.strikes + 1, MAX_STRIKES) : 0;
    this.ceiling = running;
    this.cuts += 1;
  }

  /** A call succeeded: grow the cap by a round's worth, slowly past the last refused level. */
  succeeded(): void {
    if (this.cap >= this.max) return;
    if (this.slowStart) {
      this.cap = Math.min(this.max, this.cap + 1);
      return;
    }
    const rounds = this.cap + 1 < this.ceiling ? 1 : PROBE_ROUNDS * 2 ** this.strikes;
    this.cap = Math.min(this.max, this.cap + 1 / (rounds * this.cap));
    // A level past the ceiling reached without a refusal: the server takes more now, so the next
    // refusal is news.
    if (this.cap >= this.ceiling + 1) this.strikes = 0;
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
