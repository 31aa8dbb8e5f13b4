// What the simulated API answers and when, independent of HTTP: admission (405/413, 503, 429),
// then a seeded latency and outcome for each admitted request. startSimulatedApi only moves bytes.
import { CapacitySchedule } from './CapacitySchedule.js';
import { EventLog } from './EventLog.js';
import { outcomeDrawer, type Outcome } from './faults.js';
import { createRandom, deriveSeed, logNormalSampler } from './latency.js';
import type { SimulatedApiStats } from './SimulatedApi.js';
import type { ResolvedSimulatedApiOptions } from './SimulatedApiOptions.js';
import { simulatedResult } from './simulatedResult.js';
import { TokenBucket } from './limiters/TokenBucket.js';

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

type Counter = 'accepted' | 'rejected429' | 'rejected503' | 'failed500' | 'failed400' | 'rejectedOther';
const COUNTER: Record<number, Counter> = {
  200: 'accepted',
  429: 'rejected429',
  503: 'rejected503',
  500: 'failed500',
  400: 'failed400',
};

export class ApiSimulation {
  readonly #o: ResolvedSimulatedApiOptions;
  readonly #start: number;
  readonly #bucket: TokenBucket;
  readonly #schedule: CapacitySchedule;
  readonly #events: EventLog;
  readonly #latency: () => number;
  readonly #outcome: () => Outcome;
  /** Admitted requests waiting out their latency; close() answers them at once. */
  readonly #pending = new Map<NodeJS.Timeout, () => void>();
  readonly #counts: Record<Counter, number> = {
    accepted: 0,
    rejected429: 0,
    rejected503: 0,
    failed500: 0,
    failed400: 0,
    rejectedOther: 0,
  };
  #inFlight = 0;
  #maxInFlight = 0;

  constructor(options: ResolvedSimulatedApiOptions) {
    this.#o = options;
    this.#start = options.clock();
    if (!Number.isFinite(this.#start)) {
      throw new TypeError(
        `startSimulatedApi: clock must return finite milliseconds (received ${this.#start})`,
      );
    }
    const initial = options.capacityTimeline[0]!;
    this.#bucket = new TokenBucket({ ...initial, clock: options.clock });
    this.#schedule = new CapacitySchedule(this.#bucket, this.#start, options.capacityTimeline);
    this.#events = new EventLog(options.recordEvents);
    // Separate streams: changing the error rates leaves the latencies of a seeded run unchanged.
    const { medianMs, p99Ms } = options.latency;
    this.#latency = logNormalSampler(medianMs, p99Ms, createRandom(options.seed));
    this.#outcome = outcomeDrawer(
      options.errorRate500,
      options.errorRate400,
      createRandom(deriveSeed(options.seed, 1)),
    );
  }

  /**
   * Decides the answer to a request whose body has fully arrived (`body` null: it was too large)
   * and calls `send` with it, at once for a refusal or after the sampled latency once admitted.
   */
  handle(method: string | undefined, body: Buffer | null, send: (reply: Reply) => void): void {
    const now = this.#o.clock();
    this.#schedule.catchUp(now);
    const tMs = now - this.#start;
    const refuse = (status: number, error: string, headers?: Record<string, string>): void => {
      this.#count(status);
      this.#events.add(tMs, status);
      send({ status, body: { error }, headers });
    };
    if (method !== 'POST') return refuse(405, 'method_not_allowed', { allow: 'POST' });
    if (body === null) return refuse(413, 'payload_too_large');
    if (this.#inFlight >= this.#o.maxConcurrent) return refuse(503, 'overloaded');
    if (!this.#bucket.tryTake(now)) return refuse(429, 'rate_limited', this.#retryAfter(now));

    // Admitted: the token is spent whatever the answer turns out to be, as with a real API.
    const latencyMs = this.#latency();
    const reply = this.#reply(this.#outcome(), body);
    const index = this.#events.add(tMs);
    this.#maxInFlight = Math.max(this.#maxInFlight, ++this.#inFlight);
    const answer = (): void => {
      this.#pending.delete(timer);
      this.#inFlight--;
      this.#count(reply.status);
      this.#events.setCode(index, reply.status);
      send(reply);
    };
    const timer = setTimeout(answer, latencyMs);
    this.#pending.set(timer, answer);
  }

  /** Answers every request still waiting out its latency, now. */
  flushPending(): void {
    for (const [timer, answer] of [...this.#pending]) {
      clearTimeout(timer);
      answer();
    }
  }

  stats(): SimulatedApiStats {
    const now = this.#o.clock();
    this.#schedule.catchUp(now);
    return {
      elapsedMs: now - this.#start,
      ...this.#counts,
      inFlight: this.#inFlight,
      maxInFlight: this.#maxInFlight,
      capacityPerSecond: this.#bucket.capacityPerSecond,
      burst: this.#bucket.burst,
      capacityTimeline: this.#o.capacityTimeline,
      events: this.#events.snapshot(),
    };
  }

  /** Simulated faults come first (the server failed before reading the row), then JSON parsing. */
  #reply(outcome: Outcome, body: Buffer): Reply {
    if (outcome === 500) return { status: 500, body: { error: 'simulated_server_error' } };
    if (outcome === 400) return { status: 400, body: { error: 'simulated_bad_request' } };
    try {
      return { status: 200, body: simulatedResult(JSON.parse(body.toString('utf8'))) };
    } catch (error) {
      return { status: 400, body: { error: 'invalid_json', message: (error as Error).message } };
    }
  }

  #retryAfter(now: number): Record<string, string> | undefined {
    if (!this.#o.retryAfter) return undefined;
    // The tolerance keeps float noise (4000.0000001 ms) from rounding a whole second up.
    const seconds = Math.max(1, Math.ceil(this.#bucket.msUntilAvailable(now) / 1000 - 1e-9));
    return { 'retry-after': String(seconds) };
  }

  #count(status: number): void {
    this.#counts[COUNTER[status] ?? 'rejectedOther']++;
  }
}
