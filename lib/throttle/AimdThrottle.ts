import { BehaviorSubject, type Observable } from 'rxjs';
import { PoolConfigError } from '../config/PoolConfigError.js';
import { renderValue } from '../config/renderValue.js';
import { Closure } from './Closure.js';
import { KeptPace, MIN_SUCCESSES_TO_MEASURE } from './KeptPace.js';
import { raisedDelay } from './raisedDelay.js';
import { recoveredDelay, type Recovery } from './recoveredDelay.js';
import {
  validateSettings,
  type AimdThrottleOptions,
  type Settings,
  type ThrottleStats,
} from './throttleSettings.js';

export type { AimdThrottleOptions, ThrottleStats } from './throttleSettings.js';
export { MIN_SUCCESSES_TO_MEASURE } from './KeptPace.js';

/**
 * Additive-increase/multiplicative-decrease of the delay between dispatches, as in TCP congestion
 * control but inverted: capacity errors multiply the delay, successes bring it down by at most
 * `recoveryStepMs` each (quickly back towards the delay of the last congestion event, then slowly
 * below it: see recoveredDelay.ts). The throttle only keeps the number; the pool's dispatch gate
 * enforces it.
 */
export class AimdThrottle {
  readonly settings: Settings;
  /** Current delay on subscribe, then every change (distinct values only). */
  readonly delay$: Observable<number>;

  private readonly oncePerEvent: boolean;
  private readonly recovery: Recovery;
  // The delay in force when the API last pushed back: successes return to it fast, then probe below.
  private congestionDelayMs = 0;
  // Successes since the last congestion event: the longer the calm, the faster the probing.
  private calmSuccesses = 0;
  // Scheduler times (NaN until a caller passes one): the last congestion event, for the success
  // rate between events and the calm time, and the last recovery, for recovery measured in time.
  private eventAt = NaN;
  private recoveredAt = NaN;
  // Whether the API is taken to be closed since the last raise (see Closure.ts).
  private readonly closure: Closure;
  // When the successes came: the pace a raise falls back to (see KeptPace.ts).
  private readonly kept = new KeptPace();
  // The subject is the single source of truth for the delay, so the getter and delay$ never disagree.
  private readonly delay: BehaviorSubject<number>;
  // Mirrors the subject's value: the gate reads it on every dispatch, and a plain field is cheaper
  // than BehaviorSubject.getValue(), which re-checks the subject's state on each read.
  private current = 0;
  private epoch = 0;
  private capacityRetries = 0;
  private successes = 0;
  private peakDelayMs = 0;
  private totalThrottleTimeMs = 0;

  constructor(options: AimdThrottleOptions = {}) {
    this.settings = Object.freeze(validateSettings(options));
    this.oncePerEvent = options.oncePerCongestionEvent ?? true;
    this.recovery = options.recovery ?? 'adaptive';
    if (this.recovery !== 'adaptive' && this.recovery !== 'linear') {
      throw new PoolConfigError([
        `\`recovery\` must be 'adaptive' or 'linear', received ${renderValue(this.recovery)}`,
      ]);
    }
    // Starts at 0 even when the minimum is higher (DESIGN.md): the gate spaces dispatches by
    // max(min, current), so the difference is invisible to it, and the first event lifts the value
    // to at least the minimum.
    this.delay = new BehaviorSubject(this.current);
    this.delay$ = this.delay.asObservable();
    this.closure = new Closure(this.settings.backoffMultiplier, this.settings.maxDispatchDelayMs);
  }

  /**
   * True from a raise until a call dispatched after it succeeds: the pool then sends one probe at
   * a time, `probeIntervalMs` apart. Only with the default adaptive, once-per-event rules, and only
   * for callers that pass dispatch epochs (the pool does).
   */
  get closed(): boolean {
    return this.closure.closed;
  }

  get probeIntervalMs(): number {
    return this.closure.probeIntervalMs;
  }

  get currentDelayMs(): number {
    return this.current;
  }

  /** Increments every time the delay is raised; a caller records it at dispatch and passes it back. */
  get congestionEpoch(): number {
    return this.epoch;
  }

  /**
   * A call was refused for capacity. `dispatchEpoch` is `congestionEpoch` as it was when the call
   * was sent, and `now` the scheduler time; both optional. Returns true when this error raised the
   * delay.
   */
  onCapacityError(dispatchEpoch?: number, now?: number): boolean {
    this.capacityRetries += 1;
    const tracked = this.oncePerEvent && dispatchEpoch !== undefined;
    // A call dispatched before the last raise was sent at the old rate: its rejection belongs to
    // the congestion event already answered, so react once per event, not once per rejection.
    if (tracked && dispatchEpoch < this.epoch) return false;
    // A call sent into a closure the pool already knows of says only that it is still closed.
    if (tracked && this.closure.closed) {
      this.closure.refused();
      return false;
    }

    const max = this.settings.maxDispatchDelayMs;
    const current = this.currentDelayMs;
    const measured = this.adaptive && now !== undefined ? this.kept.lastSecondMs(now) : 0;
    const sustained = this.adaptive && now !== undefined && measured === 0 ? this.sustainedSpacing(now) : 0;
    const next = Math.min(raisedDelay(current, this.settings, measured, sustained), max);
    // Only a real increase opens a new congestion event: counting a capped error as one would make
    // the rest of the wave be ignored while the delay never went up.
    if (next <= current) return false;
    this.epoch += 1;
    // Where recovery turns from fast to probing: the pace the API kept over the last second, which
    // is the limit itself behind a one-second window (the delay in force lags behind it: a window
    // refuses only once it is full, by when the pool has probed past the limit).
    this.congestionDelayMs = Math.min(Math.max(current, measured), max);
    if (now !== undefined) this.kept.raised(measured > 0, now);
    this.calmSuccesses = 0;
    if (now !== undefined) this.eventAt = this.recoveredAt = now;
    if (tracked && this.adaptive) this.closure.close(this.epoch, next);
    this.setDelay(next);
    return true;
  }

  /**
   * A call succeeded. `dispatchEpoch` and `now` as for `onCapacityError`; with them, a success of
   * a call sent since the last raise ends a closure, and recovery also counts the time passed.
   * `advertisedMs`: the spacing the server's rate-limit headers advertise now, if any (0: none).
   */
  onSuccess(dispatchEpoch?: number, now?: number, advertisedMs = 0): void {
    this.successes += 1;
    this.calmSuccesses++;
    // Without an epoch the caller cannot tell when a call was sent, so a success reopens.
    const reopened =
      dispatchEpoch === undefined ? this.closure.reopen() : this.closure.reopenedBy(dispatchEpoch);
    if (now !== undefined && this.adaptive) {
      this.kept.record(now);
      // After an opening burst, the pace kept through its closure is the pace to return to.
      const kept = reopened ? this.kept.reopened(now, advertisedMs) : 0;
      if (kept > this.congestionDelayMs) {
        this.congestionDelayMs = Math.min(kept, this.settings.maxDispatchDelayMs);
      }
    }
    if (this.closure.closed && !reopened) {
      // A call sent before the raise was let in before the API closed: no news, no recovery.
      return;
    }
    // Calm is counted from the first success that brought a time, until an event comes.
    if (now !== undefined && this.eventAt !== this.eventAt) this.eventAt = now;
    const timing =
      now !== undefined && this.recoveredAt === this.recoveredAt
        ? { elapsedMs: Math.max(0, now - this.recoveredAt), calmMs: Math.max(0, now - this.eventAt) }
        : undefined;
    if (now !== undefined) this.recoveredAt = now;
    // From the initial 0 this lifts the value to a positive minimum, hence setDelay tracks the peak.
    this.setDelay(
      recoveredDelay(
        this.current,
        this.congestionDelayMs,
        this.settings,
        this.recovery,
        this.calmSuccesses - 1,
        timing,
      ),
    );
  }

  private get adaptive(): boolean {
    return this.recovery === 'adaptive' && this.oncePerEvent;
  }

  /** Mean spacing of the successes since the last event; 0 when too few to tell. */
  private sustainedSpacing(now: number): number {
    const span = now - this.eventAt;
    return span > 0 && this.calmSuccesses >= MIN_SUCCESSES_TO_MEASURE ? span / this.calmSuccesses : 0;
  }

  /**
   * Takes a delay decided elsewhere: the fleet's, while a shared gate paces the pool (`fresh`
   * false: a mirror for stats and `delay$`), or a share of it when the pool goes on alone
   * (`fresh` true: a new congestion epoch, so that calls sent at the shared pace do not count as
   * news, and recovery starts from here).
   */
  adopt(delayMs: number, fresh = false): void {
    const next = Math.min(Math.max(delayMs, 0), this.settings.maxDispatchDelayMs);
    if (fresh) {
      this.epoch += 1;
      this.congestionDelayMs = next;
      this.calmSuccesses = 0;
      this.eventAt = this.recoveredAt = NaN;
      this.closure.reopen();
    }
    this.setDelay(next);
  }

  /** Counts an outcome another party (a shared gate) reacts to: counters only. */
  countOutcome(kind: 'success' | 'capacity'): void {
    if (kind === 'success') this.successes += 1;
    else this.capacityRetries += 1;
  }

  /** The pool reports time spent waiting at its dispatch gate. */
  addThrottleTime(ms: number): void {
    // Ignore negative or non-finite spans rather than throw: with a wall-clock scheduler a clock
    // step backwards can produce one, and accounting must never break the pool.
    if (Number.isFinite(ms) && ms > 0) this.totalThrottleTimeMs += ms;
  }

  stats(): ThrottleStats {
    return {
      capacityRetries: this.capacityRetries,
      successes: this.successes,
      peakDelayMs: this.peakDelayMs,
      currentDelayMs: this.currentDelayMs,
      totalThrottleTimeMs: this.totalThrottleTimeMs,
    };
  }

  /** Counters to 0 and the peak to the current delay; the delay itself (and the epoch) is kept. */
  resetStats(): void {
    this.capacityRetries = 0;
    this.successes = 0;
    this.totalThrottleTimeMs = 0;
    this.peakDelayMs = this.currentDelayMs;
  }

  // delay$ promises distinct values only, so an unchanged delay is not emitted.
  private setDelay(next: number): void {
    if (next === this.currentDelayMs) return;
    if (next > this.peakDelayMs) this.peakDelayMs = next;
    this.current = next;
    this.delay.next(next);
  }
}
