// What the simulated API answers and when, independent of HTTP: admission (405/413, 503, 429),
// then a seeded latency and outcome for each admitted request. startSimulatedApi only moves bytes.
import { CapacitySchedule } from './CapacitySchedule.js';
import { EventLog } from './EventLog.js';
import { outcomeDrawer, type Outcome } from './faults.js';
import { createRandom, deriveSeed, logNormalSampler } from './latency.js';
import type { SimulatedApiStats } from './SimulatedApi.js';
import type { ResolvedSimulatedApiOptions } from './SimulatedApiOptions.js';
import { simulatedResult } from './simulatedResult.js';
import { rateLimitHeaders } from './headers/rateLimitHeaders.js';
import { createLimiter } from './limiters/createLimiter.js';
import type { Limiter } from './limiters/Limiter.js';
import { MultiLimit } from './limiters/MultiLimit.js';
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
  readonly #limiter: Limiter;
  /** The capacity changes, for a token bucket (other limiters keep their limits). */
  readonly #schedule: CapacitySchedule | undefined;
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
    this.#limiter = createLimiter(options.limiter, options.clock);
    this.#schedule =
      this.#limiter instanceof TokenBucket
        ? new CapacitySchedule(this.#limiter, this.#start, options.capacityTimeline)
        : undefined;
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
  handle(
    method: string | undefined,
    body: Buffer | null,
    send: (reply: Reply) => void,
    clientKey = '127.0.0.1',
  ): void {
    const now = this.#o.clock();
    this.#schedule?.catchUp(now);
    const tMs = now - this.#start;
    const refuse = (status: number, error: string, headers?: Record<string, string>): void => {
      this.#count(status);
      this.#events.add(tMs, status);
      send({ status, body: { error }, headers });
    };
    if (method !== 'POST') return refuse(405, 'method_not_allowed', { allow: 'POST' });
    if (body === null) return refuse(413, 'payload_too_large');
    if (this.#inFlight >= this.#o.maxConcurrent) return refuse(503, 'overloaded');
    if (!this.#limiter.tryTake(now)) {
      return refuse(429, 'rate_limited', this.#headers(now, clientKey, this.#limiter.msUntilAvailable(now)));
    }

    // Admitted: the quota is spent whatever the answer turns out to be, as with a real API. The
    // quota headers describe it as it stands now, when the request is admitted.
    const latencyMs = this.#latency();
    const headers = this.#headers(now, clientKey, undefined);
    const reply = { ...this.#reply(this.#outcome(), body), headers };
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
    this.#schedule?.catchUp(now);
    const bucket = this.#limiter instanceof TokenBucket ? this.#limiter : undefined;
    const initial = this.#o.capacityTimeline[0]!;
    return {
      elapsedMs: now - this.#start,
      ...this.#counts,
      inFlight: this.#inFlight,
      maxInFlight: this.#maxInFlight,
      capacityPerSecond: bucket?.capacityPerSecond ?? initial.capacityPerSecond,
      burst: bucket?.burst ?? initial.burst,
      limiter: this.#o.limiter,
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

  #headers(now: number, clientKey: string, waitMs: number | undefined): Record<string, string> | undefined {
    const { headers, retryAfterFormat } = this.#o;
    if (headers.length === 0) return undefined;
    const limiter = this.#limiter;
    const state = limiter.state(now);
    const states = limiter instanceof MultiLimit ? limiter.states(now) : [state];
    return rateLimitHeaders(headers, retryAfterFormat, {
      state,
      states,
      waitMs,
      wallNowMs: this.#o.wallClock(),
      clientKey,
    });
  }

  #count(status: number): void {
    this.#counts[COUNTER[status] ?? 'rejectedOther']++;
  }
}
