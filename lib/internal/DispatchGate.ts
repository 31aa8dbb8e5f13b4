import type { SchedulerLike, Subscription } from 'rxjs';
import { HeaderPace } from '../hints/HeaderPace.js';
import type { SharedPace } from '../shared/SharedPace.js';
import type { AimdThrottle } from '../throttle/AimdThrottle.js';
import { scheduleSafely } from './safeDelay.js';

/**
 * The single gate every dispatch of a pool passes, first attempts and retries alike.
 *
 * A dispatch may start no sooner than `lastDispatch + max(minDispatchDelayMs, currentDelayMs)`
 * (the probe interval instead of the delay while the throttle takes the API to be closed, and no
 * sooner than the rate-limit headers' pace), and not before a `Retry-After` cooldown or a spent
 * quota's reset ends. Spacing every call (rather than sleeping only the
 * retries, as elspeth did) is what lets the AIMD delay converge on the API's real rate instead of
 * bursting after every pause. The gate also keeps the one timer that wakes the pool when it opens,
 * and accounts the time work spent waiting at it.
 */
export class DispatchGate {
  /** Scheduler time of the last dispatch; -Infinity lets the very first dispatch pass at once. */
  private lastDispatchAt = -Infinity;
  /** How late the last dispatch came after the slot the headers' pace gave it (see headerSlot). */
  private paceLag = 0;
  /** End of the pool-wide `Retry-After` pause; only ever moved later. */
  private cooldownUntil = -Infinity;
  /** The wake-up timer, and the time it is set for. */
  private timer: Subscription | undefined = undefined;
  private timerAt = NaN;
  /** When ready work started waiting at a closed gate; NaN while nobody waits. */
  private waitingSince = NaN;
  /** The throttle's floor, copied: read on every dispatch. */
  private readonly minDispatchDelayMs: number;

  constructor(
    private readonly scheduler: SchedulerLike,
    private readonly throttle: AimdThrottle,
    /** The pace the server's rate-limit headers advertise, which the spacing never undercuts. */
    readonly pace: HeaderPace = new HeaderPace(),
    /** A gate shared with other processes: while it answers, its slots replace the spacing. */
    private readonly shared?: SharedPace,
  ) {
    this.minDispatchDelayMs = throttle.settings.minDispatchDelayMs;
  }

  /**
   * Earliest time the next dispatch may start (may lie in the past: the gate is open). With a
   * shared gate, NaN while its answer is awaited (the answer wakes the pool); `reserve` false
   * only looks, without asking the shared gate for slots.
   */
  nextSlot(now: number = this.scheduler.now(), reserve = true): number {
    const shared = this.shared;
    if (shared !== undefined) {
      if (shared.active || shared.mode === 'paused') {
        const slot = reserve ? shared.slot(now) : shared.peek(now);
        return Math.max(slot, this.cooldownUntil, this.pace.heldUntil);
      }
      shared.keepTrying();
    }
    const throttle = this.throttle;
    const delay = throttle.closed ? throttle.probeIntervalMs : throttle.currentDelayMs;
    const spacing = Math.max(this.minDispatchDelayMs, delay);
    return Math.max(
      this.lastDispatchAt + spacing,
      this.headerSlot(now),
      this.cooldownUntil,
      this.pace.heldUntil,
    );
  }

  /**
   * The slot the headers' pace allows. Timers fire late (a millisecond or more), and a fixed
   * spacing counted from each late dispatch drifts: at 200 requests/s, 5.1 ms became ~6.4 and
   * the pool ran at 0.78 of the advertised limit. So the slot is moved earlier by how late the
   * last dispatch was against its own slot, up to half a spacing, which keeps the average pace
   * exact. (The AIMD delay needs no such care: it adapts to whatever pace results.)
   */
  private headerSlot(now: number): number {
    const spacing = this.pace.spacingAt(now);
    return spacing > 0 ? this.lastDispatchAt + spacing - Math.min(this.paceLag, spacing / 2) : -Infinity;
  }

  /** The rate the pool believes the API allows, from the headers if fresh, else from the delay. */
  limit(): { limitPerSecond: number; limitSource: 'headers' | 'aimd' } {
    const fromHeaders = this.pace.ratePerSecond(this.scheduler.now());
    if (fromHeaders === fromHeaders) return { limitPerSecond: fromHeaders, limitSource: 'headers' };
    const delay = Math.max(this.throttle.settings.minDispatchDelayMs, this.throttle.currentDelayMs);
    return { limitPerSecond: delay > 0 ? 1000 / delay : Infinity, limitSource: 'aimd' };
  }

  /** What the pool knows that its fleet should too: the pause in force and the headers' pace. */
  hints(now: number): { pauseMs: number; paceMs: number; paceFreshMs: number } {
    const pauseMs = Math.max(0, this.cooldownUntil - now, this.pace.heldUntil - now);
    return { pauseMs, paceMs: this.pace.spacingAt(now), paceFreshMs: this.pace.freshForMs(now) };
  }

  /** Pauses every dispatch until `until`; a later pause never shortens an earlier one. */
  pauseUntil(until: number): void {
    if (until > this.cooldownUntil) this.cooldownUntil = until;
  }

  /** Records a dispatch at `now`, closing any wait that preceded it. */
  passed(now: number): void {
    if (this.shared?.active === true) this.shared.passed();
    const slot = this.headerSlot(now);
    this.paceLag = slot > -Infinity ? Math.max(0, now - slot) : 0;
    this.lastDispatchAt = now;
    this.stopWaiting(now);
  }

  /** Work is ready but must wait for a call to settle (a probe): account the wait, arm nothing. */
  hold(now: number): void {
    if (this.waitingSince !== this.waitingSince) this.waitingSince = now;
    this.timer?.unsubscribe();
    this.timer = undefined;
  }

  /** Work is ready but the gate is closed until `slot`: arm the timer that calls `wake` then. */
  waitUntil(slot: number, now: number, wake: () => void): void {
    if (this.waitingSince !== this.waitingSince) this.waitingSince = now;
    if (this.timer !== undefined && this.timerAt === slot) return;
    this.timer?.unsubscribe();
    this.timerAt = slot;
    this.timer = scheduleSafely(
      this.scheduler,
      () => {
        this.timer = undefined;
        wake();
      },
      slot - now,
    );
  }

  /** No work is ready: drop the timer and close the wait accounting. */
  idle(): void {
    if (this.waitingSince === this.waitingSince) this.stopWaiting(this.scheduler.now());
    this.timer?.unsubscribe();
    this.timer = undefined;
  }

  private stopWaiting(now: number): void {
    if (this.waitingSince === this.waitingSince) {
      this.throttle.addThrottleTime(now - this.waitingSince);
      this.waitingSince = NaN;
    }
  }
}
