import type { SchedulerLike } from 'rxjs';
import type { GateSettings, SyncReply, SyncRequest } from './GateStore.js';
import type { ResolvedSharedGate } from './SharedGateOptions.js';
import { SharedGateConfigError } from './SharedGateConfigError.js';
import type { SharedGateListeners } from './SharedGateListeners.js';
import type { SharedHost } from './SharedHost.js';
import type { SharedReports } from './SharedReports.js';
import type { SharedSlots } from './SharedSlots.js';
import type { SharedStanding } from './SharedStanding.js';
import { StoreRoundTrip } from './StoreRoundTrip.js';
import { SyncTimer } from './SyncTimer.js';

/**
 * A pool's conversation with its gate's store: when to ask (for slots, to send reports, to renew
 * the lease, to try again while out of reach), what to ask, and what an answer or its absence
 * changes: slots granted and the shared delay adopted, or the pool going on alone.
 */
export class StoreSession {
  // The shared state as the last reply gave it (`last` is also read for the pool's stats).
  last: SyncReply | undefined = undefined;
  private gen = '';
  /** The gate runs other settings: the store is not asked again. */
  private mismatchError: SharedGateConfigError | undefined = undefined;
  /** The next round trip not asked for by a dispatch (reports, lease renewal, a retry). */
  readonly timer: SyncTimer;
  private readonly trip: StoreRoundTrip;

  constructor(
    private readonly options: ResolvedSharedGate,
    private readonly settings: GateSettings,
    private readonly scheduler: SchedulerLike,
    private readonly host: SharedHost,
    private readonly standing: SharedStanding,
    private readonly slots: SharedSlots,
    private readonly reports: SharedReports,
    private readonly listeners: SharedGateListeners,
  ) {
    this.timer = new SyncTimer(scheduler);
    const failed = (error: unknown): void => this.failed(error);
    this.trip = new StoreRoundTrip(scheduler, options, (reply) => this.answered(reply), failed);
  }

  /** A round trip is out: its answer will come (and wake the pool). */
  get pending(): boolean {
    return this.trip.pending;
  }

  /** The congestion epoch calls dispatched now belong to. */
  get epoch(): number {
    return this.last?.epoch ?? 0;
  }

  /** Sends the reports soon: within the horizon, unless a round trip is on its way anyway. */
  soon(): void {
    if (this.trip.pending || !this.standing.active) return;
    if (this.timer.at > this.scheduler.now() + this.options.horizonMs) {
      this.timer.arm(this.options.horizonMs, () => this.sync(0));
    }
  }

  /**
   * Out of reach, with work to do: ask again in a while (an idle pool leaves no timer behind; the
   * gate calls this again when work comes). A gate with other settings is not asked again.
   */
  keepTrying(): void {
    if (this.standing.active || this.trip.pending || this.timer.set || this.mismatchError !== undefined)
      return;
    if (this.host.busy()) this.timer.arm(this.options.retryMs, () => this.sync(0));
  }

  /** The pool is idle: stop every timer (a lease left to lapse) and send what is left. */
  idle(): void {
    this.timer.disarm();
    const unsent = this.reports.pendingOk || this.reports.pendingRefusal;
    if (unsent && this.standing.active && !this.trip.pending) this.sync(0);
  }

  /** Asks the store for `want` slots (while it paces the pool), with the reports gathered. */
  sync(want: number): void {
    const now = this.scheduler.now();
    const active = this.standing.active;
    // Alone, the pool's delay is its share of the fleet's: a state made anew starts from the whole.
    const workers = active ? 1 : (this.last?.workers ?? 1);
    const request: SyncRequest = {
      worker: this.options.worker,
      gen: this.gen,
      settings: this.settings,
      want: active ? want : 0,
      horizonMs: this.options.horizonMs,
      leaseMs: this.options.leaseMs,
      ...this.reports.take(!active, this.epoch),
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
      this.listeners.emit('mismatch', now, this.mismatchError);
      this.unavailable(this.mismatchError);
      return this.listeners.answer(this.mismatchError);
    }
    const was = this.standing.mode;
    if (this.gen !== '' && reply.gen !== this.gen) this.listeners.emit('reset', now);
    this.gen = reply.gen;
    this.last = reply;
    this.reports.heard();
    this.standing.heard();
    if (was !== 'shared') this.listeners.emit(was === 'joining' ? 'joined' : 'rejoined', now);
    // A closed gate reopens when some worker's probe succeeds: ask again soon enough to hear it.
    const { horizonMs, leaseMs } = this.options;
    const nextMs = reply.closed ? Math.min(reply.nextMs, 2 * horizonMs) : reply.nextMs;
    this.slots.granted(now, reply.waitsMs, now + nextMs);
    this.host.adopt(reply.delayMs);
    this.listeners.answer();
    this.host.wake();
    // Reports that came while this round trip was out go next (the pool's own asking, woken
    // just now, may already have taken them); else the lease is renewed while there is work.
    if (this.trip.pending) return;
    if (this.reports.pendingRefusal) this.sync(0);
    else if (this.reports.pendingOk) this.timer.arm(horizonMs, () => this.sync(0));
    else if (this.host.busy()) this.timer.arm(leaseMs / 3, () => this.host.busy() && this.sync(0));
  }

  private failed(error: unknown): void {
    if (this.standing.active) this.listeners.emit('unavailable', this.scheduler.now(), error);
    this.unavailable(error);
    this.listeners.answer(error);
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
}
