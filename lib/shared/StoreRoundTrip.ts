import type { SchedulerLike, Subscription } from 'rxjs';
import { scheduleSafely } from '../internal/safeDelay.js';
import type { SyncReply, SyncRequest } from './GateStore.js';
import type { ResolvedSharedGate } from './SharedGateOptions.js';

/**
 * The pool's round trips to its gate's store, one out at a time: each request's reply, or its
 * failure (a throw, a rejection, no answer within `timeoutMs`), goes to the handler given. Round
 * trips are numbered, so a reply that comes after its timeout is ignored.
 */
export class StoreRoundTrip {
  /** A round trip is out. */
  pending = false;
  /** The number of the round trip out, or of the last one. */
  private seq = 0;
  private timeout: Subscription | undefined = undefined;

  constructor(
    private readonly scheduler: SchedulerLike,
    private readonly options: ResolvedSharedGate,
    private readonly answered: (reply: SyncReply) => void,
    private readonly failed: (error: unknown) => void,
  ) {}

  send(request: SyncRequest): void {
    this.pending = true;
    const seq = ++this.seq;
    let answer: SyncReply | PromiseLike<SyncReply>;
    try {
      answer = this.options.store.sync(this.options.name, request);
    } catch (error) {
      return this.fail(seq, error);
    }
    if (!isPromiseLike(answer)) return this.answer(seq, answer);
    this.timeout = scheduleSafely(
      this.scheduler,
      () => this.fail(seq, new Error(`no answer within ${this.options.timeoutMs} ms`)),
      this.options.timeoutMs,
    );
    answer.then(
      (reply) => this.answer(seq, reply),
      (error: unknown) => this.fail(seq, error),
    );
  }

  private answer(seq: number, reply: SyncReply): void {
    if (seq !== this.seq) return;
    this.settle();
    this.answered(reply);
  }

  private fail(seq: number, error: unknown): void {
    if (seq !== this.seq) return;
    this.seq++;
    this.settle();
    this.failed(error);
  }

  private settle(): void {
    this.pending = false;
    this.timeout?.unsubscribe();
    this.timeout = undefined;
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<SyncReply> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}
