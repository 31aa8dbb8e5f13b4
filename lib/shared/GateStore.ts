// What a worker and the store behind a shared gate say to each other: one request and one reply
// per round trip, carrying everything (reports, a reservation, a heartbeat), so that a dispatch
// costs at most one round trip and fewer at high rates. The Redis store (lib/redis) and the
// in-memory store (MemoryGateStore) implement the same `gateStep` rules.

/** The delay settings every worker of a gate must share (checked through `cfg`). */
export interface GateSettings {
  readonly minDispatchDelayMs: number;
  readonly maxDispatchDelayMs: number;
  readonly backoffMultiplier: number;
  readonly recoveryStepMs: number;
}

export interface SyncRequest {
  /** This worker's id, unique in the fleet (its lease is kept under it). */
  readonly worker: string;
  /** The state's life this worker last saw (`''` at first): reports from another life are stale. */
  readonly gen: string;
  readonly settings: GateSettings;
  /** Slots wanted now (0: only report and renew the lease). */
  readonly want: number;
  /** Slots are handed out only up to this far ahead, so one reply serves several dispatches. */
  readonly horizonMs: number;
  /** The worker counts as alive for this long after the request. */
  readonly leaseMs: number;
  /** Successes since the last request, and the highest epoch any of them was dispatched at (-1). */
  readonly ok: number;
  readonly okEpoch: number;
  /** Capacity refusals since the last request, and the highest epoch among them (-1). */
  readonly refused: number;
  readonly refusedEpoch: number;
  /** A pool-wide pause the server asked for (Retry-After, a spent quota), from now; 0 for none. */
  readonly pauseMs: number;
  /** The spacing the server's rate-limit headers advertise (0: none), and for how long it holds. */
  readonly paceMs: number;
  readonly paceFreshMs: number;
  /** The delay a new state starts from (after a flush or a Redis restart: the worker's own). */
  readonly seedDelayMs: number;
}

export interface SyncReply {
  readonly gen: string;
  readonly epoch: number;
  readonly delayMs: number;
  /** The API is taken to be closed since the last raise: slots come one probe at a time. */
  readonly closed: boolean;
  /** The spacing the gate hands slots out at now. */
  readonly spacingMs: number;
  /**
   * The slots granted, as ms from the store's now (ascending): the first the spacing gives
   * however far it lies, further ones only within the request's horizon.
   */
  readonly waitsMs: readonly number[];
  /**
   * When nothing was granted (a pause or a probe beyond the horizon): ms until the gate opens,
   * when the worker asks again; 0 otherwise.
   */
  readonly nextMs: number;
  /** Workers whose lease is alive, this one included. */
  readonly workers: number;
  /** This request's refusals raised the delay (a new congestion event for the fleet). */
  readonly raised: boolean;
  /** The settings key the gate was created with, when the request's differs (nothing was done). */
  readonly mismatch: string;
}

/**
 * A store shared by the workers of one or more gates (gates are named). A remote store answers
 * with a promise; an in-process one may answer at once.
 */
export interface GateStore {
  sync(gate: string, request: SyncRequest): SyncReply | PromiseLike<SyncReply>;
}

/** The canonical key of a gate's settings: workers whose keys differ must not share it. */
export function settingsKey(s: GateSettings): string {
  return `min=${s.minDispatchDelayMs};max=${s.maxDispatchDelayMs};x=${s.backoffMultiplier};step=${s.recoveryStepMs}`;
}
