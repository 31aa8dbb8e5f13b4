import { Subject, type SchedulerLike } from 'rxjs';
import type { GateSettings, SyncReply, SyncRequest } from './GateStore.js';
import type { ResolvedSharedGate } from './SharedGateOptions.js';
import { SharedGateConfigError } from './SharedGateConfigError.js';
import type { SharedGateEvent, SharedGateStats, SharedMode } from './SharedGateStats.js';
import type { SharedGate } from './SharedGate.js';
import type { SharedHost } from './SharedHost.js';
import { SharedReports } from './SharedReports.js';
import { SharedSlots } from './SharedSlots.js';
import { SharedStanding } from './SharedStanding.js';
import { StoreRoundTrip } from './StoreRoundTrip.js';
import { SyncTimer } from './SyncTimer.js';

/**
 * A pool's side of a gate shared through a store: it reserves dispatch slots, reports outcomes
 * in batches (one round trip carries both, and at most one is in flight), and falls back to a
 * local mode when the store does not answer in time, rejoining when it does.
 */
export class SharedPace implements SharedGate {
  readonly events$ = new Subject<SharedGateEvent>();
  /** The mode, and the outage that made the pool go alone (see SharedStanding). */
  private readonly standing: SharedStanding;
  /** The slots granted and not yet used. */
  private readonly slots: SharedSlots;
  private readonly trip: StoreRoundTrip;
  /** The next round trip not asked for by a dispatch (reports, lease renewal, a retry). */
  private readonly timer: SyncTimer;
  /** Reports gathered since the last round trip. */
  private readonly reports = new SharedReports();
  // The shared state as the last reply gave it.
  private gen = '';
  private last: SyncReply | undefined = undefined;
  private mismatchError: SharedGateConfigError | undefined = undefined;
  /** `connect()` calls waiting for the next answer (or failure). */
  private waiters: { resolve: (stats: SharedGateStats) => void; reject: (error: unknown) => void }[] = [];

  constructor(
    readonly options: ResolvedSharedGate,
    private readonly settings: GateSettings,
    private readonly scheduler: SchedulerLike,
    private readonly host: SharedHost,
  ) {
    this.standing = new SharedStanding(options.whenUnavailable);
    this.slots = new SharedSlots(options.horizonMs);
    this.timer = new SyncTimer(scheduler);
    const failed = (error: unknown): void => this.failed(error);
    this.trip = new StoreRoundTrip(scheduler, options, (reply) => this.answered(reply), failed);
  }

  get mode(): SharedMode {
    return this.standing.mode;
  }

  /** The store paces the pool (joining or joined); otherwise the local gate does. */
  get active(): boolean {
    return this.standing.active;
  }

  /** The congestion epoch calls dispatched now belong to. */
  get epoch(): number {
    return this.last?.epoch ?? 0;
  }

  /**
   * Earliest time the next dispatch may go: `now` with a slot in hand, a slot's time, or NaN
   * while a reply is awaited (the reply wakes the pool). Paused: NaN until the store is back.
   */
  slot(now: number): number {
    if (this.mode === 'paused') {
      // Wait for the next attempt to reach the store (retries past their deadline are shed).
      this.keepTrying();
      return this.timer.at < Infinity ? this.timer.at : NaN;
    }
    const first = this.slots.first(now);
    if (first !== undefined) return first;
    if (now < this.slots.nextAt) return this.slots.nextAt;
    if (!this.trip.pending) this.sync(this.host.wanted());
    return this.slots.peek(now) ?? NaN;
  }

  /** Like `slot`, without asking the store: for a retry judging whether it could make its deadline. */
  peek(now: number): number {
    return this.mode === 'paused' ? NaN : (this.slots.peek(now) ?? NaN);
  }

  /** A dispatch used the slot at the head. */
  passed(): void {
    this.slots.used();
  }

  reportOk(epoch: number): void {
    this.reports.succeeded(epoch);
    this.soon();
  }

  /** A refusal is sent at once: the sooner the fleet slows down, the fewer refusals follow. */
  reportRefused(epoch: number): void {
    this.reports.refusedAt(epoch);
    if (!this.trip.pending) this.sync(0);
  }

  stats(): SharedGateStats {
    const { name: gate, worker } = this.options;
    const last = this.last;
    return {
      gate,
      worker,
      mode: this.mode,
      workers: last?.workers ?? 1,
      epoch: this.epoch,
      delayMs: last?.delayMs ?? 0,
      spacingMs: last?.spacingMs ?? 0,
    };
  }

  /** Joins the gate now: resolves with the first reply, rejects when the settings differ. */
  connect(): Promise<SharedGateStats> {
    const answer = new Promise<SharedGateStats>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (!this.trip.pending) this.sync(0);
    return answer;
  }

  /** The pool is idle: stop every timer (a lease left to lapse) and send what is left. */
  idle(): void {
    this.timer.disarm();
    const unsent = this.reports.pendingOk || this.reports.pendingRefusal;
    if (unsent && this.active && !this.trip.pending) this.sync(0);
  }

  /** Sends the reports soon: within the horizon, unless a round trip is on its way anyway. */
  private soon(): void {
    if (this.trip.pending || !this.active) return;
    if (this.timer.at > this.scheduler.now() + this.options.horizonMs) {
      this.timer.arm(this.options.horizonMs, () => this.sync(0));
    }
  }

  /** The API refused a call while the pool paced alone: the fleet hears of it on rejoining. */
  refusedAlone(): void {
    this.reports.refusedAlone();
  }

  private sync(want: number): void {
    const now = this.scheduler.now();
    // Alone, the pool's delay is its share of the fleet's: a state made anew starts from the whole.
    const workers = this.active ? 1 : (this.last?.workers ?? 1);
    const request: SyncRequest = {
      worker: this.options.worker,
      gen: this.gen,
      settings: this.settings,
      want: this.active ? want : 0,
      horizonMs: this.options.horizonMs,
      leaseMs: this.options.leaseMs,
      ...this.reports.take(!this.active, this.epoch),
      seedDelayMs: this.host.seedDelayMs() / workers,
      ...this.host.hints(now),
    };
    this.timer.disarm();
    this.trip.send(request);
  }

  private answered(reply: SyncReply): void {
    const now = this.scheduler.now();
    if (reply.mismatch !== '') {
      this.mismatchError = new SharedGateConfigError(this.options.name, reply.mismatch, this.settings);
      this.emit('mismatch', now, this.mismatchError);
      this.unavailable(this.mismatchError);
      return this.answerWaiters(this.mismatchError);
    }
    const was = this.mode;
    if (this.gen !== '' && reply.gen !== this.gen) this.emit('reset', now);
    this.gen = reply.gen;
    this.last = reply;
    this.reports.heard();
    this.standing.heard();
    if (was !== 'shared') this.emit(was === 'joining' ? 'joined' : 'rejoined', now);
    // A closed gate reopens when some worker's probe succeeds: ask again soon enough to hear it.
    const nextMs = reply.closed ? Math.min(reply.nextMs, 2 * this.options.horizonMs) : reply.nextMs;
    this.slots.granted(now, reply.waitsMs, now + nextMs);
    this.host.adopt(reply.delayMs);
    this.answerWaiters();
    this.host.wake();
    // Reports that came while this round trip was out go next (the pool's own asking, woken
    // just now, may already have taken them); else the lease is renewed while there is work.
    if (this.trip.pending) return;
    if (this.reports.pendingRefusal) this.sync(0);
    else if (this.reports.pendingOk) this.timer.arm(this.options.horizonMs, () => this.sync(0));
    else if (this.host.busy())
      this.timer.arm(this.options.leaseMs / 3, () => this.host.busy() && this.sync(0));
  }

  private failed(error: unknown): void {
    if (this.active) this.emit('unavailable', this.scheduler.now(), error);
    this.unavailable(error);
    this.answerWaiters(error);
  }

  /** Out of reach (or refused): go on alone, or hold, and ask again in a while. */
  private unavailable(error: unknown): void {
    const mismatch = this.mismatchError !== undefined;
    const fallback = this.standing.lost(this.scheduler.now(), error, mismatch);
    if (fallback !== undefined) this.slots.clear();
    // Alone, the pool takes its share of the fleet's last pace: spacing × workers.
    const last = this.last;
    if (fallback === 'local') this.host.degrade(last === undefined ? 0 : last.spacingMs * last.workers);
    this.keepTrying();
    this.host.wake();
  }

  /**
   * Paused for longer than a row may wait (`budgetMs`): no row could be served in time, so rows
   * not yet sent are given up rather than held without a deadline (`reason` says why).
   */
  refuses(now: number, budgetMs: number): boolean {
    return this.standing.refuses(now, budgetMs);
  }

  /** The failure that made the store unavailable. */
  get reason(): unknown {
    return this.standing.reason;
  }

  /**
   * Out of reach, with work to do: ask again in a while (an idle pool leaves no timer behind; the
   * gate calls this again when work comes). A gate with other settings is not asked again.
   */
  keepTrying(): void {
    if (this.active || this.trip.pending || this.timer.set || this.mismatchError !== undefined) return;
    if (this.host.busy()) this.timer.arm(this.options.retryMs, () => this.sync(0));
  }

  /** Answers `connect()`: with the stats after a reply, with the error after a failure. */
  private answerWaiters(error?: unknown): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const { resolve, reject } of waiters) {
      if (error === undefined) resolve(this.stats());
      else reject(error);
    }
  }

  private emit(type: SharedGateEvent['type'], at: number, error?: unknown): void {
    if (!this.events$.observed) return;
    this.events$.next({ type, at, ...this.stats(), ...(error === undefined ? {} : { error }) });
  }
}
