import { AssertionError } from 'chai';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { isLeft, isRight, type Left } from 'fp-ts/lib/Either.js';
import {
  Observable,
  Subscriber,
  type ObservableInput,
  Subscription,
  VirtualAction,
  VirtualTimeScheduler,
  type SchedulerAction,
  type SchedulerLike,
  type Subscription as Sub,
} from 'rxjs';
import { CapacityError } from '../../lib/errors/CapacityError.js';
import { PermanentError } from '../../lib/errors/PermanentError.js';
import { RetryableError } from '../../lib/errors/RetryableError.js';
import { Pool, type PoolStats } from '../../lib/Pool.js';
import type { CallContext, PoolEntry, PoolFailure } from '../../lib/PoolEntry.js';

// ---------------------------------------------------------------------------------------------
// Scenarios: two subscriptions through one pool, each with rows arriving at random virtual times;
// every attempt of every row has a scripted outcome and latency. Everything runs in virtual time.
// ---------------------------------------------------------------------------------------------

type Kind = 'ok' | 'capacity' | 'retryable' | 'permanent' | 'fatal';

interface Attempt {
  readonly kind: Kind;
  /** Virtual ms until the call settles; null settles it synchronously, inside `subscribe`. */
  readonly latency: number | null;
  /** For capacity errors: the cooldown the server asks for. */
  readonly retryAfterMs: number | undefined;
  /** With no latency, a failure is thrown by the project itself rather than by its Observable. */
  readonly throws: boolean;
  /** With a drifting clock: ms of synchronous work the project does once the call has started. */
  readonly work: number;
  /**
   * The project leaves `ctx.signal` alone (it is made on first read); the checks read it only
   * afterwards, so a call dropped before must still hand out an aborted signal.
   */
  readonly lazySignal: boolean;
  /**
   * The project returns a promise-like (settled by a virtual timer, as the pool awaits a Promise)
   * that ignores its signal: dropped by the pool, it still runs until it settles.
   */
  readonly awaited: boolean;
}

interface RowSpec {
  /** Virtual ms after the previous row of the same subscription (the first: after time 0). */
  readonly gap: number;
  /** Outcomes of attempts 1, 2, … before the row succeeds. */
  readonly failures: readonly Attempt[];
  /** The outcome of every attempt after `failures`. */
  readonly success: Attempt;
  /** With a drifting clock: ms of synchronous work the subscriber does on the row's entry. */
  readonly entryWork: number;
}

interface LaneSpec {
  readonly rows: readonly RowSpec[];
  /** Virtual time at which the subscription is unsubscribed, if it is. */
  readonly cancelAt: number | undefined;
  /** Unsubscribe from inside the handler of this many-th entry, if it comes. */
  readonly cancelAfter: number | undefined;
  /** Rows due at time 0 are emitted synchronously while the pool subscribes (as `from([…])`). */
  readonly sync: boolean;
  /** The source errors after its last row instead of completing. */
  readonly fails: boolean;
}

interface Scenario {
  readonly poolSize: number;
  readonly minDispatchDelayMs: number;
  readonly maxDispatchDelayMs: number;
  readonly recoveryStepMs: number;
  readonly backoffMultiplier: number;
  readonly maxCapacityRetrySeconds: number;
  readonly maxBuffered: number | undefined;
  readonly lanes: readonly LaneSpec[];
  /** Run on a clock that moves during synchronous work (see DriftingScheduler). */
  readonly drift: boolean;
}

/** What a row carries into the project. */
interface Row {
  readonly lane: number;
  readonly index: number;
  readonly spec: RowSpec;
}

// ---------------------------------------------------------------------------------------------
// The trace of one run. `seq` numbers every logged event, so "before/after" is exact even when
// several events share a virtual time.
// ---------------------------------------------------------------------------------------------

interface Call {
  readonly seq: number;
  readonly lane: number;
  readonly row: number;
  readonly attempt: number;
  /** `ctx.index` as the project saw it. */
  readonly ctxIndex: number;
  readonly start: number;
  /** `pool.throttle.currentDelayMs` when the call started (the delay the gate used for it). */
  readonly delay: number;
  readonly outcome: Attempt;
  readonly ctx: CallContext;
  /** Whether the project read `ctx.signal` (and listened to it) when the call started. */
  readonly eager: boolean;
  /** The call is a promise-like the pool awaits; it cannot be torn down. */
  readonly awaited: boolean;
  /** The call emitted or errored. */
  endSeq?: number;
  end?: number;
  error?: Error;
  /** The pool unsubscribed from the call before it settled. */
  tornDownSeq?: number;
  /** An awaited call the pool had dropped settled at last (its outcome unseen): it stopped running. */
  abandonedSeq?: number;
  /** The `abort` listener on `ctx.signal` fired (eager calls only). */
  abortedSeq?: number;
}

interface Emitted {
  readonly seq: number;
  readonly time: number;
  readonly entry: PoolEntry<string>;
}

interface LaneTrace {
  /** What the source errors with when the lane's spec says it fails. */
  readonly sourceError: Error;
  readonly arrivals: { seq: number; time: number; index: number }[];
  readonly entries: Emitted[];
  completedSeq?: number;
  error?: { seq: number; error: unknown };
  /** Set when the unsubscription happened while the output was still open. */
  cancelled?: {
    seq: number;
    time: number;
    /** Calls of the lane running just before, with `signal.aborted` read just after. */
    running: { call: Call; abortedAfter: boolean; tornDownAfter: boolean }[];
  };
}

interface Trace {
  readonly scenario: Scenario;
  readonly maxMs: number;
  readonly maxBuffered: number;
  readonly calls: Call[];
  readonly lanes: LaneTrace[];
  readonly stats: PoolStats;
  /** Every value the throttle's delay took, with the virtual time it took it. */
  readonly delays: { time: number; delay: number }[];
}

/** A virtual-time scheduler that refuses to run away (a livelock would otherwise hang the run). */
class GuardedScheduler extends VirtualTimeScheduler {
  private scheduled = 0;

  constructor() {
    super(VirtualAction, Infinity);
  }

  override schedule<S>(work: (this: SchedulerAction<S>, state?: S) => void, delay = 0, state?: S): Sub {
    if (++this.scheduled > 200_000) throw new Error('runaway: more than 200,000 scheduled actions');
    return super.schedule(work, delay, state);
  }
}

interface QueuedAction {
  readonly at: number;
  readonly order: number;
  readonly run: () => void;
  readonly subscription: Subscription;
}

/**
 * A virtual clock that, unlike VirtualTimeScheduler's, also moves while code runs: `advance(ms)`
 * stands for synchronous work (a subscriber writing a file, a project building a request). Timers
 * then fire late, never early, as real ones do. This is what the pool sees from `Date.now()` when
 * user code blocks, and what its once-per-burst clock reading must survive.
 */
class DriftingScheduler implements SchedulerLike {
  private time = 0;
  private order = 0;
  private readonly queue: QueuedAction[] = [];

  now(): number {
    return this.time;
  }

  advance(ms: number): void {
    this.time += ms;
  }

  schedule<S>(work: (this: SchedulerAction<S>, state?: S) => void, delay = 0, state?: S): Sub {
    if (this.order > 200_000) throw new Error('runaway: more than 200,000 scheduled actions');
    const subscription = new Subscription();
    const action: QueuedAction = {
      at: this.time + delay,
      order: this.order++,
      run: () => work.call(subscription as unknown as SchedulerAction<S>, state),
      subscription,
    };
    let at = this.queue.length;
    while (at > 0 && (this.queue[at - 1] as QueuedAction).at > action.at) at--;
    this.queue.splice(at, 0, action);
    return subscription;
  }

  flush(): void {
    for (let action = this.queue.shift(); action !== undefined; action = this.queue.shift()) {
      if (action.subscription.closed) continue;
      this.time = Math.max(this.time, action.at);
      action.subscription.unsubscribe();
      action.run();
    }
  }
}

/** A promise-like settled synchronously when told, so that it lives in virtual time. */
function virtualPromise<T>(): {
  promise: PromiseLike<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
} {
  let onValue: ((value: T) => unknown) | null | undefined;
  let onError: ((error: unknown) => unknown) | null | undefined;
  const promise = {
    then(fulfilled?: ((value: T) => unknown) | null, rejected?: ((error: unknown) => unknown) | null) {
      onValue = fulfilled;
      onError = rejected;
      return promise;
    },
  } as PromiseLike<T>;
  return { promise, resolve: (value) => void onValue?.(value), reject: (error) => void onError?.(error) };
}

function errorFor(outcome: Attempt): Error {
  switch (outcome.kind) {
    case 'capacity':
      return new CapacityError(
        429,
        undefined,
        outcome.retryAfterMs === undefined ? undefined : { retryAfterMs: outcome.retryAfterMs },
      );
    case 'retryable':
      return new RetryableError('flaky', { statusCode: 502 });
    case 'permanent':
      return new PermanentError('refused', { statusCode: 400 });
    default:
      return new Error('boom');
  }
}

function valueOf(lane: number, row: number, attempt: number): string {
  return `${lane}:${row}:${attempt}`;
}

function simulate(scenario: Scenario): Trace {
  // Thousands of scripted errors are made; their stack traces would cost more than the pool.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return simulateRun(scenario);
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

function simulateRun(scenario: Scenario): Trace {
  const { lanes: laneSpecs, maxBuffered, drift, ...config } = scenario;
  const drifting = drift ? new DriftingScheduler() : undefined;
  const scheduler = drifting ?? new GuardedScheduler();
  const pool = new Pool({ ...config, scheduler, ...(maxBuffered === undefined ? {} : { maxBuffered }) });
  let seq = 0;
  const calls: Call[] = [];
  const delays: { time: number; delay: number }[] = [];
  pool.throttle.delay$.subscribe((delay) => delays.push({ time: scheduler.now(), delay }));
  const lanes: LaneTrace[] = laneSpecs.map((_, lane) => ({
    sourceError: new Error(`source ${lane} failed`),
    arrivals: [],
    entries: [],
  }));

  // The instrumented project: logs start and end, reads the signal, settles as scripted.
  const project = (row: Row, ctx: CallContext): ObservableInput<string> => {
    const outcome = row.spec.failures[ctx.attempt - 1] ?? row.spec.success;
    const call: Call = {
      seq: seq++,
      lane: row.lane,
      row: row.index,
      attempt: ctx.attempt,
      ctxIndex: ctx.index,
      start: scheduler.now(),
      delay: pool.throttle.currentDelayMs,
      outcome,
      ctx,
      eager: !outcome.lazySignal,
      awaited: outcome.awaited,
    };
    calls.push(call);
    if (call.eager) {
      ctx.signal.addEventListener('abort', () => {
        call.abortedSeq ??= seq++;
      });
    }
    drifting?.advance(outcome.work);
    const end = (): Error | undefined => {
      call.endSeq = seq++;
      call.end = scheduler.now();
      return outcome.kind === 'ok' ? undefined : (call.error = errorFor(outcome));
    };
    if (outcome.latency === null && outcome.throws && outcome.kind !== 'ok') throw end();
    if (call.awaited) {
      // Settles after its latency whatever happens; a call the pool dropped (aborted) meanwhile
      // only stops running then, its outcome never reaching the pool.
      const settled = virtualPromise<string>();
      scheduler.schedule(() => {
        if (ctx.signal.aborted) {
          call.abandonedSeq = seq++;
          return settled.resolve('late');
        }
        const error = end();
        if (error !== undefined) settled.reject(error);
        else settled.resolve(valueOf(row.lane, row.index, ctx.attempt));
      }, outcome.latency ?? 0);
      return settled.promise;
    }
    return new Observable<string>((subscriber) => {
      const settle = (): void => {
        const error = end();
        if (error !== undefined) return subscriber.error(error);
        subscriber.next(valueOf(row.lane, row.index, ctx.attempt));
        subscriber.complete();
      };
      if (outcome.latency === null) return settle();
      const timer = scheduler.schedule(settle, outcome.latency);
      return () => {
        timer.unsubscribe();
        if (call.endSeq === undefined) call.tornDownSeq ??= seq++;
      };
    });
  };

  laneSpecs.forEach((spec, lane) => {
    const trace = lanes[lane] as LaneTrace;
    const source = new Observable<Row>((subscriber) => {
      const timers = new Subscription();
      let at = 0;
      const arrive = (rowSpec: RowSpec, index: number): void => {
        if (subscriber.closed) return;
        trace.arrivals.push({ seq: seq++, time: scheduler.now(), index });
        subscriber.next({ lane, index, spec: rowSpec });
      };
      const end = (): void => (spec.fails ? subscriber.error(trace.sourceError) : subscriber.complete());
      spec.rows.forEach((rowSpec, index) => {
        at += rowSpec.gap;
        if (spec.sync && at === 0) arrive(rowSpec, index);
        else timers.add(scheduler.schedule(() => arrive(rowSpec, index), at));
      });
      if (spec.sync && at === 0) end();
      else timers.add(scheduler.schedule(end, at));
      return timers;
    });
    const cancel = (): void => {
      if (subscriber.closed) return;
      // A promise dropped before (by a fatal error) runs on until it settles, but aborted already.
      const running = calls.filter(
        (call) =>
          call.lane === lane &&
          call.endSeq === undefined &&
          call.tornDownSeq === undefined &&
          call.abandonedSeq === undefined &&
          !(call.awaited && call.ctx.signal.aborted),
      );
      const cancelSeq = seq++;
      subscriber.unsubscribe();
      trace.cancelled = {
        seq: cancelSeq,
        time: scheduler.now(),
        running: running.map((call) => ({
          call,
          abortedAfter: call.ctx.signal.aborted,
          tornDownAfter: call.tornDownSeq !== undefined,
        })),
      };
    };
    // A Subscriber of our own, so that unsubscribing from inside `next` works even while the
    // pool is still inside `subscribe` (a synchronous source with synchronous calls).
    const subscriber = new Subscriber<PoolEntry<string>>({
      next: (entry) => {
        trace.entries.push({ seq: seq++, time: scheduler.now(), entry });
        drifting?.advance(spec.rows[entry.submitIndex]?.entryWork ?? 0);
        if (trace.entries.length === spec.cancelAfter) cancel();
      },
      error: (error: unknown) => (trace.error = { seq: seq++, error }),
      complete: () => (trace.completedSeq = seq++),
    });
    source.pipe(pool.map(project)).subscribe(subscriber);
    if (spec.cancelAt !== undefined) scheduler.schedule(cancel, spec.cancelAt);
  });
  scheduler.flush();

  return {
    scenario,
    maxMs: scenario.maxCapacityRetrySeconds * 1000,
    maxBuffered: maxBuffered ?? Math.max(64, 8 * scenario.poolSize),
    calls,
    lanes,
    stats: pool.stats(),
    delays,
  };
}

// ---------------------------------------------------------------------------------------------
// Arbitraries
// ---------------------------------------------------------------------------------------------

interface ScenarioShape {
  /** Unsubscribe the lanes at random times (each lane independently, sometimes). */
  readonly cancel: boolean;
  /** Let the rows of lane 0 fail fatally now and then. */
  readonly fatal: boolean;
  readonly maxRows?: number;
  /** Run on a clock that moves during the project's and the subscriber's synchronous work. */
  readonly drift?: boolean;
  /**
   * Every time a multiple of 5, short deadlines, one or two permits and retriable failures: makes
   * events coincide (a permit freed exactly at a row's deadline, a call ending on a gate slot) far
   * more often than free draws would.
   */
  readonly tight?: boolean;
}

/** Virtual ms up to `max`: often (or, when tight, always) a multiple of 5. */
function msArb(max: number, tight: boolean): fc.Arbitrary<number> {
  const coarse = fc.integer({ min: 0, max: Math.floor(max / 5) }).map((n) => n * 5);
  return tight ? coarse : fc.oneof(fc.integer({ min: 0, max }), coarse);
}

/** Synchronous work in ms: none without drift, else often none, sometimes up to 30. */
function workArb(drift: boolean, tight: boolean): fc.Arbitrary<number> {
  if (!drift) return fc.constant(0);
  return fc.oneof({ arbitrary: fc.constant(0), weight: 2 }, { arbitrary: msArb(30, tight), weight: 1 });
}

/** The pool-wide pause a refusal asks for: an explicit `retryAfterMs` is honoured as given. */
function requestedPauseOf(outcome: Attempt): number {
  return outcome.retryAfterMs ?? 0;
}

/** The pause the pool keeps: the one asked for, bounded by the row budget. */
function pauseOf(outcome: Attempt, maxMs: number): number {
  return Math.min(requestedPauseOf(outcome), maxMs);
}

/** A refusal that asked for a pause beyond the row budget: rows are given up while it holds. */
function refuses(call: Call, maxMs: number): boolean {
  return (
    call.endSeq !== undefined && call.outcome.kind === 'capacity' && requestedPauseOf(call.outcome) > maxMs
  );
}

function attemptArb(kinds: fc.Arbitrary<Kind>, tight: boolean, drift: boolean): fc.Arbitrary<Attempt> {
  return fc.record({
    kind: kinds,
    latency: fc.option(msArb(40, tight), { nil: null, freq: 6 }),
    // Short or long next to the deadlines and the other timings.
    retryAfterMs: fc.option(
      fc.oneof(
        msArb(60, tight),
        msArb(60, tight).map((ms) => ms + 1000),
      ),
      { nil: undefined, freq: 2 },
    ),
    throws: fc.boolean(),
    work: workArb(drift, tight),
    lazySignal: fc.boolean(),
    awaited: fc.boolean(),
  });
}

function failureKinds(fatal: boolean, tight: boolean): fc.Arbitrary<Kind> {
  const kinds = tight
    ? fc.constantFrom<Kind>('capacity', 'retryable')
    : fc.constantFrom<Kind>('capacity', 'capacity', 'retryable', 'permanent');
  if (!fatal) return kinds;
  return fc.oneof({ arbitrary: kinds, weight: 9 }, { arbitrary: fc.constant<Kind>('fatal'), weight: 1 });
}

function rowArb(kinds: fc.Arbitrary<Kind>, tight: boolean, drift: boolean): fc.Arbitrary<RowSpec> {
  return fc.record({
    gap: fc.oneof(fc.constant(0), msArb(25, tight)),
    failures: fc.array(attemptArb(kinds, tight, drift), { maxLength: tight ? 6 : 4 }),
    success: attemptArb(fc.constant<Kind>('ok'), tight, drift),
    entryWork: workArb(drift, tight),
  });
}

function scenarioArb({
  cancel,
  fatal,
  maxRows = 10,
  tight = false,
  drift = false,
}: ScenarioShape): fc.Arbitrary<Scenario> {
  const cancelAt = cancel
    ? fc.option(msArb(250, tight), { nil: undefined, freq: 3 })
    : fc.constant(undefined);
  const cancelAfter = cancel
    ? fc.option(fc.integer({ min: 1, max: maxRows }), { nil: undefined, freq: 4 })
    : fc.constant(undefined);
  const lane = (kinds: fc.Arbitrary<Kind>): fc.Arbitrary<LaneSpec> =>
    fc.record({
      rows: fc.array(rowArb(kinds, tight, drift), { maxLength: maxRows }),
      cancelAt,
      cancelAfter,
      sync: fc.boolean(),
      fails: fc.oneof(
        { arbitrary: fc.constant(false), weight: 4 },
        { arbitrary: fc.constant(true), weight: 1 },
      ),
    });
  return fc
    .record({
      poolSize: fc.integer({ min: 1, max: tight ? 2 : 4 }),
      minDispatchDelayMs: tight
        ? fc.constantFrom(0, 5, 10)
        : fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 15 }), fc.constantFrom(5, 10)),
      maxDelayExtra: tight ? fc.constantFrom(0, 20, 40, 80) : fc.integer({ min: 0, max: 200 }),
      recoveryStepMs: tight
        ? fc.constantFrom(5, 10)
        : fc.oneof(fc.integer({ min: 1, max: 30 }), fc.constantFrom(5, 10, 20)),
      backoffMultiplier: tight ? fc.constant(2) : fc.constantFrom(1.5, 2, 3),
      maxCapacityRetryMs: tight
        ? fc.integer({ min: 1, max: 30 }).map((n) => n * 5)
        : fc.oneof(
            fc.integer({ min: 10, max: 600 }),
            fc.integer({ min: 1, max: 60 }).map((n) => n * 10),
          ),
      windowExtra: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
      lanes: fc.tuple(lane(failureKinds(fatal, tight)), lane(failureKinds(false, tight))),
    })
    .map(({ maxDelayExtra, maxCapacityRetryMs, windowExtra, ...rest }) => ({
      ...rest,
      maxDispatchDelayMs: Math.max(1, rest.minDispatchDelayMs + maxDelayExtra),
      maxCapacityRetrySeconds: maxCapacityRetryMs / 1000,
      maxBuffered: windowExtra === undefined ? undefined : rest.poolSize + windowExtra,
      drift,
    }));
}

// ---------------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------------

/** Cheap assertions: the checks run millions of times, so no message is built unless one fails. */
function ensure(condition: boolean, what: () => string): void {
  if (!condition) throw new AssertionError(what());
}

function same(actual: unknown, expected: unknown, what: () => string): void {
  if (!Object.is(actual, expected)) {
    throw new AssertionError(`${what()}: expected ${inspect(expected)}, got ${inspect(actual)}`);
  }
}

function callsOf(trace: Trace, lane: number, row: number): Call[] {
  return trace.calls.filter((call) => call.lane === lane && call.row === row);
}

const retried: readonly Kind[] = ['capacity', 'retryable'];

/** Emitted entries of `lane` are rows 0..k-1 in order, each consistent with its logged calls. */
function checkEntries(trace: Trace, lane: number): void {
  const laneTrace = trace.lanes[lane] as LaneTrace;
  const completeIndices = new Set<number>();
  const exact = !trace.scenario.drift;
  laneTrace.entries.forEach(({ entry, time }, i) => {
    const where = (what: string) => () => `lane ${lane} entry ${i}: ${what}`;
    same(entry.submitIndex, i, where('submitIndex'));
    same(entry.submitTime, laneTrace.arrivals[i]?.time, where('submitTime'));

    const calls = callsOf(trace, lane, i);
    ensure(!completeIndices.has(entry.completeIndex), where('completeIndex repeated'));
    completeIndices.add(entry.completeIndex);
    if (calls.length === 0) return checkRefused(trace, entry, time, where);
    calls.forEach((call, k) => {
      same(call.attempt, k + 1, where(`attempt numbers`));
      same(call.ctxIndex, i, where('ctx.index'));
    });
    same(entry.attempts, calls.length, where('attempts'));
    const last = calls[calls.length - 1] as Call;
    for (const call of calls.slice(0, -1)) {
      ensure(call.endSeq !== undefined, where(`attempt ${call.attempt} did not settle`));
      ensure(
        retried.includes(call.outcome.kind),
        where(`attempt ${call.attempt} retried after ${call.outcome.kind}`),
      );
    }
    ensure(last.endSeq !== undefined && last.end !== undefined, where('last attempt did not settle'));
    ensure(entry.completeTime >= entry.submitTime, where('completeTime before submitTime'));
    ensure(entry.bufferWaitMs >= 0, where('bufferWaitMs < 0'));
    // With a drifting clock, the pool stamps entries with the time their burst of synchronous work
    // began (documented; it reads the clock once per burst), so only the order of times holds.
    if (exact) {
      ensure(entry.completeTime >= (last.end as number), where('completeTime before the last call ended'));
      same(entry.bufferWaitMs, time - entry.completeTime, where('bufferWaitMs'));
    }

    const { result } = entry;
    if (isRight(result)) {
      same(last.outcome.kind, 'ok', where('succeeded'));
      same(result.right, valueOf(lane, i, last.attempt), where('value'));
      if (exact) same(entry.completeTime, last.end, where('completeTime'));
      return;
    }
    const failure = result.left;
    if (failure.reason === 'permanent_error') {
      same(last.outcome.kind, 'permanent', where('permanent_error'));
      same(failure.error, last.error, where('error'));
      same(failure.errorType, 'PermanentError', where('errorType'));
      same(failure.statusCode, 400, where('statusCode'));
      if (exact) same(entry.completeTime, last.end, where('completeTime'));
    } else if (failure.reason === 'retry_timeout') {
      const capacity = last.outcome.kind === 'capacity';
      ensure(retried.includes(last.outcome.kind), where(`retry_timeout after ${last.outcome.kind}`));
      same(failure.error, last.error, where('error'));
      same(failure.errorType, capacity ? 'CapacityError' : 'RetryableError', where('errorType'));
      same(failure.statusCode, capacity ? 429 : 502, where('statusCode'));
      same(failure.maxMs, trace.maxMs, where('maxMs'));
      if (exact) same(failure.elapsedMs, entry.completeTime - (calls[0] as Call).start, where('elapsedMs'));
      ensure(failure.elapsedMs >= 0, where('elapsedMs < 0'));
    } else {
      throw new AssertionError(where(`unexpected failure ${failure.reason}`)());
    }
  });
  // Completion order is the order of completion times.
  const byCompletion = laneTrace.entries
    .map(({ entry }) => entry)
    .sort((a, b) => a.completeIndex - b.completeIndex);
  for (let k = 1; k < byCompletion.length; k++) {
    const [a, b] = [byCompletion[k - 1] as PoolEntry<string>, byCompletion[k] as PoolEntry<string>];
    ensure(b.completeTime >= a.completeTime, () => `lane ${lane}: completeIndex out of time order`);
  }
}

/**
 * An entry of a row never dispatched: given up (retry_timeout, attempts 0) while a server-requested
 * pause beyond the row budget held, with the refusal that asked for it as its error.
 */
function checkRefused(
  trace: Trace,
  entry: PoolEntry<string>,
  time: number,
  where: (what: string) => () => string,
): void {
  const { result } = entry;
  ensure(isLeft(result) && result.left.reason === 'retry_timeout', where('no call logged, not refused'));
  const failure = (result as Left<PoolFailure>).left as Extract<PoolFailure, { reason: 'retry_timeout' }>;
  same(entry.attempts, 0, where('attempts'));
  same(failure.elapsedMs, 0, where('elapsedMs'));
  same(failure.maxMs, trace.maxMs, where('maxMs'));
  ensure(entry.bufferWaitMs >= 0 && entry.completeTime <= time, where('times'));
  const refusal = trace.calls.find((call) => call.error !== undefined && call.error === failure.error);
  ensure(refusal !== undefined && refuses(refusal, trace.maxMs), where('given up without a refusal'));
  if (!trace.scenario.drift) {
    const end = (refusal as Call).end as number;
    ensure(
      end <= entry.completeTime && entry.completeTime < end + trace.maxMs,
      where(`given up at ${entry.completeTime}, outside the refusal from ${end}`),
    );
  }
}

/** A lane that was not cancelled and had no fatal call: one entry per row, then its end. */
function checkCompleteLane(trace: Trace, lane: number): void {
  const laneTrace = trace.lanes[lane] as LaneTrace;
  const spec = trace.scenario.lanes[lane] as LaneSpec;
  const rows = spec.rows.length;
  const where = (what: string) => () => `lane ${lane}: ${what}`;
  let endSeq: number;
  if (spec.fails) {
    // The source's error comes after the entries of every row it sent.
    same(laneTrace.completedSeq, undefined, where('completed'));
    same(laneTrace.error?.error, laneTrace.sourceError, where('source error'));
    endSeq = laneTrace.error?.seq ?? -1;
  } else {
    same(laneTrace.error, undefined, where('errored'));
    ensure(laneTrace.completedSeq !== undefined, where('did not complete'));
    endSeq = laneTrace.completedSeq ?? -1;
  }
  same(laneTrace.entries.length, rows, where('entries'));
  checkEntries(trace, lane);
  const completeIndices = laneTrace.entries.map(({ entry }) => entry.completeIndex).sort((a, b) => a - b);
  completeIndices.forEach((completeIndex, k) =>
    same(completeIndex, k, where('completeIndex not a permutation')),
  );
  for (const { seq } of laneTrace.entries) ensure(seq < endSeq, where('entry after the end'));
}

interface CallEvent {
  readonly seq: number;
  readonly call: Call;
  readonly start: boolean;
}

/** Every logged event in seq order: call starts, and call ends (settled or torn down). */
function events(trace: Trace): CallEvent[] {
  const list: CallEvent[] = [];
  for (const call of trace.calls) {
    list.push({ seq: call.seq, call, start: true });
    // A dropped Observable ends when it is torn down; a dropped promise only when it settles.
    const endSeq = call.endSeq ?? call.tornDownSeq ?? call.abandonedSeq;
    if (endSeq !== undefined) list.push({ seq: endSeq, call, start: false });
  }
  return list.sort((a, b) => a.seq - b.seq);
}

function checkConcurrency(trace: Trace): void {
  let running = 0;
  let highest = 0;
  for (const { start, call } of events(trace)) {
    running += start ? 1 : -1;
    highest = Math.max(highest, running);
    ensure(
      running <= trace.scenario.poolSize,
      () => `${running} calls in flight when lane ${call.lane} row ${call.row} started`,
    );
  }
  same(running, 0, () => 'calls left running');
  same(trace.stats.maxConcurrentReached, highest, () => 'maxConcurrentReached');
  same(trace.stats.inFlight, 0, () => 'inFlight at the end');
  same(trace.stats.buffered, 0, () => 'buffered at the end');
}

function checkGate(trace: Trace): void {
  const { minDispatchDelayMs } = trace.scenario;
  const starts = trace.calls;
  // The first dispatch of the pool passes at once, when the first row arrives.
  const arrivals = trace.lanes.flatMap((lane) => lane.arrivals).sort((a, b) => a.seq - b.seq);
  if (starts.length > 0) same(starts[0]?.start, arrivals[0]?.time, () => 'first dispatch');
  // Spacing: the gate let dispatch k pass only once lastDispatch + max(min, delay) was reached,
  // where delay is the throttle's delay at that moment (read by the project as the call starts).
  for (let k = 1; k < starts.length; k++) {
    const previous = starts[k - 1] as Call;
    const current = starts[k] as Call;
    const spacing = Math.max(minDispatchDelayMs, current.delay);
    ensure(
      previous.start + spacing <= current.start,
      () => `dispatch ${k} at ${current.start}: previous at ${previous.start}, spacing ${spacing}`,
    );
  }
  // Retry-After: once a capacity error asked for a cooldown, nothing starts until it ends.
  let cooldownUntil = -Infinity;
  for (const { start, call } of events(trace)) {
    if (start) {
      ensure(
        call.start >= cooldownUntil,
        () =>
          `lane ${call.lane} row ${call.row} dispatched at ${call.start}, in a cooldown until ${cooldownUntil}`,
      );
    } else if (call.endSeq !== undefined && call.outcome.kind === 'capacity') {
      cooldownUntil = Math.max(cooldownUntil, (call.end as number) + pauseOf(call.outcome, trace.maxMs));
    }
  }
}

function checkDeadlines(trace: Trace): void {
  const firsts = new Map<string, number>();
  for (const call of trace.calls) {
    const key = `${call.lane}:${call.row}`;
    const first = firsts.get(key);
    if (first === undefined) {
      same(call.attempt, 1, () => `lane ${call.lane} row ${call.row}: first attempt`);
      firsts.set(key, call.start);
      continue;
    }
    const previous = callsOf(trace, call.lane, call.row).filter((c) => c.attempt === call.attempt - 1)[0];
    if (previous?.end !== undefined && previous.outcome.kind === 'capacity') {
      ensure(
        call.start >= previous.end + requestedPauseOf(previous.outcome),
        () => `lane ${call.lane} row ${call.row} attempt ${call.attempt} before its Retry-After`,
      );
    }
    ensure(
      call.start < first + trace.maxMs,
      () =>
        `lane ${call.lane} row ${call.row} attempt ${call.attempt} at ${call.start}, deadline ${first + trace.maxMs}`,
    );
  }
}

/**
 * A row given up before its deadline was shed because its next attempt could not start in time:
 * the gate's next slot (or, after a retryable error, its back-off, never above maxDispatchDelayMs)
 * lay at or past the deadline. The gate's state at that moment is bounded from above with what the
 * trace shows at that virtual time: the latest dispatch, the highest delay, the longest cooldown.
 */
function checkShedding(trace: Trace): void {
  const { minDispatchDelayMs, maxDispatchDelayMs } = trace.scenario;
  trace.lanes.forEach((laneTrace, lane) => {
    for (const { entry } of laneTrace.entries) {
      if (isRight(entry.result) || entry.result.left.reason !== 'retry_timeout') continue;
      const calls = callsOf(trace, lane, entry.submitIndex);
      if (calls.length === 0) continue; // refused before its first call: see checkEntries
      const deadline = (calls[0] as Call).start + trace.maxMs;
      const at = entry.completeTime;
      if (at >= deadline) continue;
      const last = calls[calls.length - 1] as Call;
      let lastDispatch = -Infinity;
      let cooldown = -Infinity;
      for (const call of trace.calls) {
        if (call.start <= at) lastDispatch = Math.max(lastDispatch, call.start);
        if (call.end !== undefined && call.end <= at && call.outcome.kind === 'capacity') {
          cooldown = Math.max(cooldown, call.end + pauseOf(call.outcome, trace.maxMs));
        }
      }
      let delay = 0;
      for (const change of trace.delays) {
        if (change.time < at) delay = change.delay;
        else if (change.time === at) delay = Math.max(delay, change.delay);
      }
      // While the API is taken to be closed, probes go further apart than the delay: up to its
      // maximum, as the trace does not show the probe interval.
      const closedSpacing = closedAt(trace, at) ? maxDispatchDelayMs : 0;
      const slot = Math.max(lastDispatch + Math.max(minDispatchDelayMs, delay, closedSpacing), cooldown);
      const backoff =
        last.outcome.kind === 'retryable'
          ? maxDispatchDelayMs
          : last.outcome.kind === 'capacity'
            ? requestedPauseOf(last.outcome)
            : 0;
      ensure(
        Math.max(at + backoff, slot) >= deadline,
        () =>
          `lane ${lane} row ${entry.submitIndex} given up at ${at}, before its deadline ${deadline}, ` +
          `with the gate open from ${slot} (last dispatch ${lastDispatch}, delay ≤ ${delay}, cooldown ${cooldown})`,
      );
    }
  });
}

/** Whether the pool may have taken the API to be closed at `at`: a refusal had come back by then. */
function closedAt(trace: Trace, at: number): boolean {
  return trace.calls.some(
    (call) => call.outcome.kind === 'capacity' && call.end !== undefined && call.end <= at,
  );
}

function checkWindow(trace: Trace): void {
  for (const call of trace.calls) {
    if (call.attempt !== 1) continue;
    const emitted = (trace.lanes[call.lane] as LaneTrace).entries.filter(({ seq }) => seq < call.seq).length;
    ensure(
      call.row - emitted < trace.maxBuffered,
      () => `lane ${call.lane} row ${call.row} started with ${emitted} emitted, window ${trace.maxBuffered}`,
    );
  }
}

/** The throttle saw exactly the outcomes the calls delivered. */
function checkThrottleCounts(trace: Trace): void {
  const settled = trace.calls.filter((call) => call.endSeq !== undefined);
  const count = (kind: Kind): number => settled.filter((call) => call.outcome.kind === kind).length;
  same(trace.stats.successes, count('ok'), () => 'successes');
  same(trace.stats.capacityRetries, count('capacity'), () => 'capacityRetries');
}

/** Aborts only ever hit calls that were still running, and every call the pool dropped is aborted. */
function checkAborts(trace: Trace): void {
  for (const call of trace.calls) {
    const where = (what: string) => () =>
      `lane ${call.lane} row ${call.row} attempt ${call.attempt}: ${what}`;
    // A lazy call's signal is first read here, after the run: it must tell the same story.
    if (call.endSeq !== undefined) {
      same(call.abortedSeq, undefined, where('aborted after it settled'));
      same(call.ctx.signal.aborted, false, where('signal aborted after it settled'));
      same(call.tornDownSeq, undefined, where('torn down after it settled'));
    } else {
      if (call.awaited) {
        ensure(call.abandonedSeq !== undefined, where('dropped promise did not settle'));
        same(call.tornDownSeq, undefined, where('promise torn down'));
      } else {
        ensure(call.tornDownSeq !== undefined, where('neither settled nor torn down'));
      }
      ensure(call.ctx.signal.aborted, where('dropped without abort'));
      if (call.eager) ensure(call.abortedSeq !== undefined, where('abort listener did not fire'));
    }
  }
}

function checkCancellation(trace: Trace, lane: number): void {
  const laneTrace = trace.lanes[lane] as LaneTrace;
  const cancelled = laneTrace.cancelled;
  if (cancelled === undefined) return;
  const where = (what: string) => () => `lane ${lane} cancelled at ${cancelled.time}: ${what}`;
  same(laneTrace.completedSeq, undefined, where('completed'));
  same(laneTrace.error, undefined, where('errored'));
  for (const call of trace.calls) {
    if (call.lane === lane) ensure(call.seq < cancelled.seq, where(`row ${call.row} started after`));
  }
  for (const { call, abortedAfter, tornDownAfter } of cancelled.running) {
    const running = `row ${call.row} attempt ${call.attempt} running`;
    ensure(abortedAfter, where(`${running}: signal not aborted`));
    // A promise cannot be unsubscribed: it keeps running (and its permit) until it settles.
    if (!call.awaited) ensure(tornDownAfter, where(`${running}: not unsubscribed`));
    if (call.eager) {
      ensure((call.abortedSeq ?? -1) > cancelled.seq, where(`${running}: abort listener did not fire`));
    }
  }
  // The calls aborted by the unsubscription are exactly those running then (none ran since).
  const aborted = trace.calls.filter((call) => call.lane === lane && (call.abortedSeq ?? -1) > cancelled.seq);
  same(aborted.length, cancelled.running.filter(({ call }) => call.eager).length, where('aborted calls'));
  checkEntries(trace, lane);
  for (const { seq } of laneTrace.entries) ensure(seq < cancelled.seq, where('entry after unsubscribe'));
}

/** The lane may fail fatally: entries of earlier rows, then the error; later calls aborted. */
function checkFatal(trace: Trace, lane: number): void {
  const laneTrace = trace.lanes[lane] as LaneTrace;
  const fatals = trace.calls.filter(
    (call) => call.lane === lane && call.outcome.kind === 'fatal' && call.endSeq !== undefined,
  );
  if (fatals.length === 0) return checkLane(trace, lane);
  const where = (what: string) => () => `lane ${lane} failed: ${what}`;
  // The error reported is that of the lowest row that failed (a later failure of an earlier row
  // takes over, since that row's entry can no longer be emitted).
  const failing = fatals.reduce((a, b) => (b.row < a.row ? b : a));
  same(laneTrace.completedSeq, undefined, where('completed'));
  if (laneTrace.cancelled !== undefined) {
    // Unsubscribed while earlier rows were still running: the error never reached the output.
    same(laneTrace.error, undefined, where('errored, then was cancelled'));
    ensure(laneTrace.entries.length <= failing.row, where('entry of the failing row or later'));
    checkCancellation(trace, lane);
  } else {
    ensure(laneTrace.error !== undefined, where('no error'));
    same(laneTrace.error?.error, failing.error, where(`error of row ${failing.row}`));
    same(laneTrace.entries.length, failing.row, where('entries before the failing row'));
    checkEntries(trace, lane);
    for (const { seq } of laneTrace.entries) {
      ensure(seq < (laneTrace.error?.seq ?? -1), where('entry after error'));
    }
  }
  // After a row fails fatally, no later row of its lane starts, and the calls running are aborted.
  for (const fatal of fatals) {
    const at = fatal.endSeq as number;
    for (const call of trace.calls) {
      if (call.lane !== lane || call.row <= fatal.row) continue;
      const what = (text: string) =>
        where(`row ${call.row} attempt ${call.attempt} after row ${fatal.row}: ${text}`);
      ensure(call.seq < at, what('started'));
      // Running when the row failed (not settled or dropped before): dropped and aborted then. A
      // dropped promise runs on, so the abort is what tells when it was dropped.
      const droppedSeq = call.endSeq ?? call.tornDownSeq ?? (call.awaited ? call.abortedSeq : undefined);
      if ((droppedSeq ?? Infinity) > at) {
        same(call.endSeq, undefined, what('settled'));
        ensure(call.ctx.signal.aborted, what('not aborted'));
        if (call.eager) ensure((call.abortedSeq ?? -1) > at, what('abort listener did not fire then'));
      }
    }
  }
  // No row arrives after the first failure: the source was stopped.
  const firstFailure = Math.min(...fatals.map((call) => call.endSeq as number));
  for (const { seq, index } of laneTrace.arrivals)
    ensure(seq < firstFailure, where(`row ${index} arrived after`));
}

/** Either a lane's full check, or its cancellation check, as fits what happened to it. */
function checkLane(trace: Trace, lane: number): void {
  if ((trace.lanes[lane] as LaneTrace).cancelled !== undefined) checkCancellation(trace, lane);
  else checkCompleteLane(trace, lane);
}

/** Multiplies every run count, for a long hunt: `POOL_PROPERTY_SCALE=50 npx mocha …`. */
const scale = Number(process.env['POOL_PROPERTY_SCALE'] ?? '1');

/** Checks `numRuns` random scenarios of the shape, half of them tight. */
function run(shape: ScenarioShape, numRuns: number, check: (trace: Trace) => void): void {
  const scenarios = fc.oneof(scenarioArb(shape), scenarioArb({ ...shape, tight: true }));
  fc.assert(
    fc.property(scenarios, (scenario) => check(simulate(scenario))),
    { numRuns: Math.max(1, Math.round(numRuns * scale)) },
  );
}

// ---------------------------------------------------------------------------------------------

describe('Pool properties (virtual time)', function () {
  this.timeout(30_000);

  it('should emit exactly one consistent entry per row, in order, for each of two subscriptions', () => {
    run({ cancel: false, fatal: false }, 600, (trace) => {
      checkCompleteLane(trace, 0);
      checkCompleteLane(trace, 1);
      checkThrottleCounts(trace);
    });
  });

  it('should never run more than poolSize calls at once across subscriptions', () => {
    run({ cancel: true, fatal: true }, 400, checkConcurrency);
  });

  it('should space every dispatch of the pool by the gate rule and honour Retry-After', () => {
    run({ cancel: true, fatal: true }, 400, checkGate);
  });

  it('should never start an attempt at or after its row deadline, nor shed a row that could make it', () => {
    run({ cancel: true, fatal: false }, 500, (trace) => {
      checkDeadlines(trace);
      checkShedding(trace);
      checkThrottleCounts(trace);
    });
  });

  it('should keep each subscription within its reorder window', () => {
    run({ cancel: true, fatal: true, maxRows: 14 }, 300, checkWindow);
  });

  it('should start no call after unsubscribe and abort every call running then', () => {
    run({ cancel: true, fatal: false }, 500, (trace) => {
      checkLane(trace, 0);
      checkLane(trace, 1);
      checkAborts(trace);
      checkConcurrency(trace);
    });
  });

  it('should stop only the failing subscription on a fatal error, after its earlier entries', () => {
    run({ cancel: true, fatal: true }, 500, (trace) => {
      checkFatal(trace, 0);
      checkLane(trace, 1);
      checkAborts(trace);
      checkConcurrency(trace);
      checkThrottleCounts(trace);
    });
  });

  it('should keep the gate, deadlines and permits against a clock that moves during synchronous work', () => {
    run({ cancel: true, fatal: true, drift: true }, 500, (trace) => {
      checkGate(trace);
      checkDeadlines(trace);
      checkShedding(trace);
      checkConcurrency(trace);
      checkWindow(trace);
      checkFatal(trace, 0);
      checkLane(trace, 1);
      checkAborts(trace);
    });
  });
});
