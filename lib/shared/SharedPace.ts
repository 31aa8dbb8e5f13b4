import type { Observable, SchedulerLike } from 'rxjs';
import type { GateSettings } from './GateStore.js';
import type { ResolvedSharedGate } from './SharedGateOptions.js';
import { SharedGateListeners } from './SharedGateListeners.js';
import type { SharedGateEvent, SharedGateStats, SharedMode } from './SharedGateStats.js';
import type { SharedGate } from './SharedGate.js';
import type { SharedHost } from './SharedHost.js';
import { SharedReports } from './SharedReports.js';
import { SharedSlots } from './SharedSlots.js';
import { SharedStanding } from './SharedStanding.js';
import { StoreSession } from './StoreSession.js';

/**
 * A pool's side of a gate shared through a store: it reserves dispatch slots, reports outcomes
 * in batches (one round trip carries both, and at most one is in flight), and falls back to a
 * local mode when the store does not answer in time, rejoining when it does.
 *
 * Here is what the pool asks of it (slots, reports, its standing); the round trips, and what
 * their answers change, are StoreSession's.
 */
export class SharedPace implements SharedGate {
  readonly events$: Observable<SharedGateEvent>;
  /** The mode, and the outage that made the pool go alone. */
  private readonly standing: SharedStanding;
  /** The slots granted and not yet used. */
  private readonly slots: SharedSlots;
  /** Reports gathered since the last round trip. */
  private readonly reports = new SharedReports();
  private readonly listeners: SharedGateListeners;
  /** The round trips to the store, and what their answers change. */
  private readonly session: StoreSession;

  constructor(
    readonly options: ResolvedSharedGate,
    settings: GateSettings,
    scheduler: SchedulerLike,
    private readonly host: SharedHost,
  ) {
    this.standing = new SharedStanding(options.whenUnavailable);
    this.slots = new SharedSlots(options.horizonMs);
    this.listeners = new SharedGateListeners(() => this.stats());
    this.events$ = this.listeners.events$;
    const { standing, slots, reports, listeners } = this;
    this.session = new StoreSession(options, settings, scheduler, host, standing, slots, reports, listeners);
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
    return this.session.epoch;
  }

  /**
   * Earliest time the next dispatch may go: `now` with a slot in hand, a slot's time, or NaN
   * while a reply is awaited (the reply wakes the pool). Paused: NaN until the store is back.
   */
  slot(now: number): number {
    if (this.mode === 'paused') {
      // Wait for the next attempt to reach the store (retries past their deadline are shed).
      this.session.keepTrying();
      const retryAt = this.session.timer.at;
      return retryAt < Infinity ? retryAt : NaN;
    }
    const first = this.slots.first(now);
    if (first !== undefined) return first;
    if (now < this.slots.nextAt) return this.slots.nextAt;
    if (!this.session.pending) this.session.sync(this.host.wanted());
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
    this.session.soon();
  }

  /** A refusal is sent at once: the sooner the fleet slows down, the fewer refusals follow. */
  reportRefused(epoch: number): void {
    this.reports.refusedAt(epoch);
    if (!this.session.pending) this.session.sync(0);
  }

  /** The API refused a call while the pool paced alone: the fleet hears of it on rejoining. */
  refusedAlone(): void {
    this.reports.refusedAlone();
  }

  stats(): SharedGateStats {
    const { name: gate, worker } = this.options;
    const last = this.session.last;
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
    const answer = this.listeners.nextAnswer();
    if (!this.session.pending) this.session.sync(0);
    return answer;
  }

  /** The pool is idle: stop every timer (a lease left to lapse) and send what is left. */
  idle(): void {
    this.session.idle();
  }

  /** See StoreSession.keepTrying: the gate calls this when work comes while the store is out of reach. */
  keepTrying(): void {
    this.session.keepTrying();
  }

  /** Paused for longer than a row may wait (`budgetMs`): see SharedStanding.refuses. */
  refuses(now: number, budgetMs: number): boolean {
    return this.standing.refuses(now, budgetMs);
  }

  /** The failure that made the store unavailable. */
  get reason(): unknown {
    return this.standing.reason;
  }
}
