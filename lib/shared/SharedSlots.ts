/**
 * The dispatch slots the shared gate granted this pool and it has not used yet, as local scheduler
 * times (ascending); and, with none in hand, when the gate opens by the last reply.
 */
export class SharedSlots {
  private tokens: number[] = [];
  /** With no slot granted: when the gate opens, by the last reply (ask again then). */
  nextAt = -Infinity;

  constructor(private readonly horizonMs: number) {}

  /**
   * When the next dispatch may go by the slots in hand: `now`, or the first slot's time; undefined
   * with none. A slot not used within a horizon of its time is gone: using it late would burst.
   */
  first(now: number): number | undefined {
    const tokens = this.tokens;
    while (tokens.length > 0 && (tokens[0] as number) < now - this.horizonMs) tokens.shift();
    return this.peek(now);
  }

  /** Like `first`, keeping the slots whose horizon has passed. */
  peek(now: number): number | undefined {
    const head = this.tokens[0];
    return head === undefined ? undefined : Math.max(now, head);
  }

  /** A dispatch used the slot at the head. */
  used(): void {
    this.tokens.shift();
  }

  /** A reply granted slots `waitsMs` after `now`; with none left, the gate opens at `nextAt`. */
  granted(now: number, waitsMs: readonly number[], nextAt: number): void {
    for (const wait of waitsMs) this.tokens.push(now + wait);
    this.nextAt = nextAt;
  }

  /** The store is out of reach: the slots it granted are given up. */
  clear(): void {
    this.tokens = [];
  }
}
