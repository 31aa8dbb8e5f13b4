/**
 * What the pool knows about a refusal it is still answering: from the raise that a refusal caused
 * until a call dispatched after that raise succeeds, the API is taken to be closed (a spent fixed
 * window, a sliding window full, an empty bucket). Sending at the raised pace into a closed window
 * wastes requests, and where refused attempts count (sliding logs) it keeps the window shut for
 * good. So while closed the pool sends one probe at a time, each refused probe lengthening the wait
 * before the next (as TCP backs off its retransmission timer), and none of those refusals raises
 * the delay again: they belong to the congestion event already answered.
 */
export class Closure {
  /** Epoch of the raise that closed the pool; -1 while open. */
  private closedAt = -1;
  /** Wait between two probes while closed. */
  private probeMs = 0;

  /**
   * Growth of the probe interval per refused probe: the square root of the back-off multiplier
   * (×1.41 by default). Doubling overshot the end of short closures (a sliding window frees a slot
   * a few spacings after the event) by hundreds of ms; measured in virtual time against fixed and
   * sliding windows, ×1.5 gave 2–4 % more goodput than ×2 for a few more refused probes.
   */
  private readonly growth: number;

  constructor(
    backoffMultiplier: number,
    private readonly maxMs: number,
  ) {
    this.growth = Math.sqrt(backoffMultiplier);
  }

  get closed(): boolean {
    return this.closedAt >= 0;
  }

  /** Spacing of dispatches while closed. */
  get probeIntervalMs(): number {
    return this.probeMs;
  }

  /** A raise at `epoch` closes the pool; probes start `delayMs` apart. */
  close(epoch: number, delayMs: number): void {
    this.closedAt = epoch;
    this.probeMs = delayMs;
  }

  /** A refusal of a call sent while closed: still closed, so probe less often. */
  refused(): void {
    this.probeMs = Math.min(this.probeMs * this.growth, this.maxMs);
  }

  /** Reopens (a success whose dispatch time is unknown); true if it was closed. */
  reopen(): boolean {
    const was = this.closed;
    this.closedAt = -1;
    return was;
  }

  /** True when a call dispatched at `dispatchEpoch` (since the raise) succeeded, which reopens. */
  reopenedBy(dispatchEpoch: number): boolean {
    if (this.closedAt < 0 || dispatchEpoch < this.closedAt) return false;
    this.closedAt = -1;
    return true;
  }
}
