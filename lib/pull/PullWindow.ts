/**
 * The credit shared by a pulling source and its consumer: rows taken from the source minus
 * entries consumed never exceed `size`. The source side asks `hasRoom` before each pull and is
 * woken through `onRoom` when the consumer gives credit back.
 */
export class PullWindow {
  /** Set by the pulling side while it is subscribed; called whenever credit comes back. */
  onRoom: (() => void) | undefined = undefined;
  /** Rows taken whose entries have not been consumed yet. */
  private outstanding = 0;

  constructor(readonly size: number) {}

  get hasRoom(): boolean {
    return this.outstanding < this.size;
  }

  /** A row was taken from the source. */
  took(): void {
    this.outstanding++;
  }

  /** `count` entries were consumed: their credit returns and the source may be pulled again. */
  release(count = 1): void {
    if (count <= 0) return;
    this.outstanding -= count;
    this.onRoom?.();
  }
}
