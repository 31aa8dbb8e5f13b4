import { Observable, type Observer, type Subscriber, type Unsubscribable } from 'rxjs';

/**
 * The reorder stage of one `orderedMergeMap` subscription. It wraps each inner observable before
 * `mergeMap` subscribes it, so `mergeMap` keeps its concurrency limit, its errors and its
 * unsubscription, while the values come out in source-index order.
 *
 * The open inners form a list in source order, linked as `mergeMap` subscribes them (it does so
 * in index order). The head of the list has the turn: its values go straight through. A later
 * inner's values are held in an array on its slot. When the head completes, the turn passes down
 * the list: each inner's held values are emitted, and every inner that has already completed is
 * passed over the same way, up to the first one still running, which becomes the head. Each value
 * is pushed and emitted once, and each slot is passed once: O(1) per value.
 *
 * An inner that completes early completes towards `mergeMap` at once, freeing its concurrency
 * place: `concurrent` bounds the inners running, not the values held.
 */
export class InnerOrder<R> {
  /** The inner with the turn (the lowest source index not completed), or undefined when none is open. */
  private head: InnerSlot<R> | undefined = undefined;
  /** The inner subscribed last, where the next one is linked; undefined exactly when `head` is. */
  private tail: InnerSlot<R> | undefined = undefined;

  /** @param output The operator's subscriber, which `mergeMap`'s inner subscribers forward to. */
  constructor(private readonly output: Subscriber<R>) {}

  /** Wraps the inner observable of the next source index, to be subscribed once by `mergeMap`. */
  gate(inner: Observable<R>): Observable<R> {
    return new Observable<R>((out) => this.open(inner, out));
  }

  /** Drops every slot (and the values they hold) when the subscription ends. */
  clear(): void {
    this.head = this.tail = undefined;
  }

  private open(inner: Observable<R>, out: Subscriber<R>): Unsubscribable | undefined {
    const slot = new InnerSlot(this, out);
    const head = this.head;
    // A head that ended with nothing after it may not have said so (see below): its closed
    // subscriber tells. Either way no earlier inner is open, and this one has the turn.
    if (head === undefined || (head === this.tail && head.out.closed)) {
      this.head = this.tail = slot;
      // The head keeps the turn until it ends, so its values go straight to `mergeMap`'s
      // subscriber, with no observer of ours in between; and while no later inner waits, its end
      // needs no notice either. With synchronous inners every one is such a head, which is what
      // keeps the overhead over plain `mergeMap` small.
      inner.subscribe(out);
      return undefined;
    }
    // A later inner now waits on the head: the head must pass the turn on when it ends.
    if (!head.watched) {
      head.watched = true;
      head.out.add(head);
    }
    (this.tail as InnerSlot<R>).later = slot;
    this.tail = slot;
    slot.watched = true;
    return inner.subscribe(slot); // through `pass`, which holds values until the turn comes
  }

  /** @internal A value of a later-born `slot`'s inner: through at once on its turn, else held. */
  pass(slot: InnerSlot<R>, value: R): void {
    if (slot === this.head) slot.out.next(value);
    else (slot.held ??= []).push(value);
  }

  /** @internal `slot`'s inner completed (or, for a head, its subscriber was finalized). */
  ended(slot: InnerSlot<R>): void {
    slot.done = true;
    // After an error or an unsubscription the output is closed, and nothing is to go out.
    if (slot === this.head && !this.output.closed) this.passTurn(slot);
  }

  /**
   * The head inner ended: emits what the next inners hold, down to the first one still running,
   * which gets the turn. Held values go to the output directly, as `mergeMap`'s inner subscribers
   * would forward them (the head's own subscriber may be closed by now).
   */
  private passTurn(finished: InnerSlot<R>): void {
    const output = this.output;
    for (let next = finished.later; next !== undefined; next = next.later) {
      const held = next.held;
      if (held !== undefined) {
        // The head stays put while these go out, so a value `next` emits meanwhile (an output
        // subscriber that feeds it) is appended here, and the loop reads it in its place.
        for (let i = 0; i < held.length && !output.closed; i++) output.next(held[i] as R);
        next.held = undefined;
      }
      if (output.closed) return; // unsubscribed from downstream while emitting: nothing more to do
      if (!next.done) {
        this.head = next;
        return;
      }
    }
    this.clear();
  }
}

/**
 * One inner observable's place in the order. For an inner born later than the head, it is the
 * observer `mergeMap`'s subscriber is reached through; for a head being waited on, the finalizer of
 * its subscriber.
 */
class InnerSlot<R> implements Observer<R>, Unsubscribable {
  /** Values that came before this inner's turn, in arrival order (undefined while there are none). */
  held: R[] | undefined = undefined;
  /** The inner ended (its values may still be held). */
  done = false;
  /** Its end will be reported to `ended` (unset only for a head no later inner has waited on). */
  watched = false;
  /** The inner of the next source index, once `mergeMap` has subscribed it. */
  later: InnerSlot<R> | undefined = undefined;

  constructor(
    private readonly order: InnerOrder<R>,
    /** `mergeMap`'s subscriber of this inner. */
    readonly out: Subscriber<R>,
  ) {}

  next(value: R): void {
    this.order.pass(this, value);
  }

  error(error: unknown): void {
    this.out.error(error);
  }

  complete(): void {
    this.order.ended(this);
    this.out.complete();
  }

  /** As the finalizer of a head's subscriber: called once, when it completes, errors or is dropped. */
  unsubscribe(): void {
    this.order.ended(this);
  }
}
