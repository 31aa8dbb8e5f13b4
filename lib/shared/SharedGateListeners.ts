import { Subject } from 'rxjs';
import type { SharedGateEvent, SharedGateStats } from './SharedGateStats.js';

/**
 * Who listens to a pool's standing with its shared gate: the subscribers of `events$`, told of
 * each change as it happens, and the `connect()` calls waiting for the store's next answer. Both
 * are given the stats of the moment (`stats`).
 */
export class SharedGateListeners {
  readonly events$ = new Subject<SharedGateEvent>();
  /** `connect()` calls waiting for the next answer (or failure). */
  private waiters: { resolve: (stats: SharedGateStats) => void; reject: (error: unknown) => void }[] = [];

  constructor(private readonly stats: () => SharedGateStats) {}

  /** The next answer: the stats after a reply, the error after a failure. */
  nextAnswer(): Promise<SharedGateStats> {
    return new Promise<SharedGateStats>((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** Answers `connect()`: with the stats after a reply, with the error after a failure. */
  answer(error?: unknown): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const { resolve, reject } of waiters) {
      if (error === undefined) resolve(this.stats());
      else reject(error);
    }
  }

  emit(type: SharedGateEvent['type'], at: number, error?: unknown): void {
    if (!this.events$.observed) return;
    this.events$.next({ type, at, ...this.stats(), ...(error === undefined ? {} : { error }) });
  }
}
