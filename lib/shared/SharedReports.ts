/**
 * The outcomes a pool has to tell its shared gate, gathered between two round trips: counts and
 * the highest congestion epoch among them are all the gate needs (one raise per event, a
 * closure reopened by a call sent since the raise), so a busy pool's reports stay a few numbers.
 */
export class SharedReports {
  private ok = 0;
  private okEpoch = -1;
  private refused = 0;
  private refusedEpoch = -1;
  /** A refusal met while pacing alone, not yet told to the fleet (cleared once it is heard). */
  private alone = false;

  get pendingOk(): boolean {
    return this.ok > 0;
  }

  get pendingRefusal(): boolean {
    return this.refused > 0;
  }

  succeeded(epoch: number): void {
    this.ok++;
    if (epoch > this.okEpoch) this.okEpoch = epoch;
  }

  refusedAt(epoch: number): void {
    this.refused++;
    if (epoch > this.refusedEpoch) this.refusedEpoch = epoch;
  }

  refusedAlone(): void {
    this.alone = true;
  }

  /** The fleet heard this pool again: what it met alone is told. */
  heard(): void {
    this.alone = false;
  }

  /**
   * The reports for the next request, cleared here. `rejoining`: a refusal met alone goes too, as
   * one refusal at `epoch` (the epoch last known), so a limit that fell during an outage raises
   * the shared delay once instead of being found again by every worker.
   */
  take(
    rejoining: boolean,
    epoch: number,
  ): { ok: number; okEpoch: number; refused: number; refusedEpoch: number } {
    const alone = rejoining && this.alone;
    const taken = {
      ok: this.ok,
      okEpoch: this.okEpoch,
      refused: this.refused + (alone ? 1 : 0),
      refusedEpoch: alone ? Math.max(this.refusedEpoch, epoch) : this.refusedEpoch,
    };
    this.ok = this.refused = 0;
    this.okEpoch = this.refusedEpoch = -1;
    return taken;
  }
}
