import type { Lane } from './Lane.js';
import type { RowTicket } from './RowTicket.js';

/**
 * The lanes (subscriptions) attached to a pool. Their rows take their first attempts in turn,
 * round-robin, so that concurrent subscriptions share the pool fairly.
 */
export class LaneRing {
  private readonly lanes: Lane[] = [];
  /** Round-robin cursor into `lanes`. */
  private next = 0;

  get size(): number {
    return this.lanes.length;
  }

  add(lane: Lane): void {
    this.lanes.push(lane);
  }

  remove(lane: Lane): void {
    const at = this.lanes.indexOf(lane);
    if (at >= 0) this.lanes.splice(at, 1);
  }

  /** The index of the next lane, round-robin, with a row ready for its first attempt. */
  readyLane(): number | undefined {
    const count = this.lanes.length;
    for (let i = 0; i < count; i++) {
      const at = (this.next + i) % count;
      if ((this.lanes[at] as Lane).hasFresh()) return at;
    }
    return undefined;
  }

  /** Takes the ready row of the lane at `at` (from `readyLane`); the next lane's turn comes next. */
  take(at: number): RowTicket {
    this.next = (at + 1) % this.lanes.length;
    return (this.lanes[at] as Lane).takeFresh();
  }

  /** Rows ready for their first attempt now, over every lane. */
  freshCount(): number {
    let count = 0;
    for (const lane of this.lanes) count += lane.freshCount();
    return count;
  }
}
