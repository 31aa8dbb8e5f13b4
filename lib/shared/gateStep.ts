import { MIN_SUCCESSES_TO_MEASURE } from '../throttle/AimdThrottle.js';
import { FAST_HALF_LIFE_MS, FAST_RECOVERY_SHARE as FAST_SHARE, SNAP_MS } from '../throttle/recoveredDelay.js';
import { settingsKey, type SyncReply, type SyncRequest } from './GateStore.js';

/**
 * One gate's state. Times are ms since `t0` (the store's clock when the state was made), rounded
 * to the microsecond like every stored number: Redis keeps numbers as strings, and Lua prints 14
 * significant digits, so small rounded values are what both stores can keep exactly alike.
 */
export interface GateState {
  gen: string;
  cfg: string;
  /** Store clock (absolute ms) at creation. */
  t0: number;
  /** The last slot handed out. */
  last: number;
  delay: number;
  /** The delay when the API last pushed back: recovery returns to it fast, then probes below. */
  cdelay: number;
  epoch: number;
  eventAt: number;
  recAt: number;
  /** Successes since the last congestion event. */
  calm: number;
  /** Epoch of the raise that closed the gate; -1 while open. */
  closedAt: number;
  /** Spacing of probes while closed. */
  probe: number;
  /** While closed: a probe is out until then (its outcome not yet heard), so no other goes. */
  probeUntil: number;
  /** End of the pool-wide pause. */
  cool: number;
  /** Header pace and the time it is fresh until. */
  pace: number;
  paceUntil: number;
}

/** The lease table: worker id → store time (absolute ms) its lease ends. */
export type Leases = Map<string, number>;

// The rules of lib/throttle (recoveredDelay.ts, AimdThrottle, Closure), applied to a batch of
// reports at once, with their constants. Mirrored line by line in lib/redis/gateScript.ts (Lua),
// where the constants are written out: change both (the differential spec runs them side by side).
// Two of a lone pool's later rules are not here yet: a raise falling back to the pace of the last
// second (the fleet keeps the spacing since the last event, which needs no list of answer times in
// the store) and probing that grows with the square of the calm time (below).
const PROBE_OUTSTANDING_MS = 1000;
// The fleet probes as a lone pool did before its probing grew with the square of the calm time
// (recoveredDelay.ts): 20 % of the delay a second, one more such share for every 5 s of calm. The
// fleet's figures (bench/README §5, spec/shared/fleet-spec.ts) were measured with it, and the one
// slower variant tried (5 %/s) cut three pools sharing 200 req/s from 0.9 to 0.79 in virtual time.
const PROBE_SHARE_PER_SECOND = 0.2;
const PROBE_SPEEDUP_MS = 5000;
/** Before the first slot: far enough back that the first request is served at once. */
const NEVER = -1e9;

const round = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * Applies one worker's request to a gate at store time `nowAbs` (ms); returns the new state (the
 * same object, changed) and the reply. `state` undefined: the gate is new, or was lost.
 */
export function gateStep(
  state: GateState | undefined,
  leases: Leases,
  req: SyncRequest,
  nowAbs: number,
): { state: GateState | undefined; reply: SyncReply } {
  const s = req.settings;
  const cfg = settingsKey(s);
  if (state !== undefined && state.cfg !== cfg) {
    return { state, reply: { ...emptyReply(state, leases.size), mismatch: state.cfg } };
  }
  if (state === undefined) {
    const seed = round(Math.min(Math.max(req.seedDelayMs, 0), s.maxDispatchDelayMs));
    state = {
      gen: `${Math.floor(nowAbs)}-${req.worker}`,
      cfg,
      t0: Math.floor(nowAbs),
      last: NEVER,
      delay: seed,
      cdelay: seed,
      epoch: 0,
      // Unknown until the first success: counted from the state's birth, the first calls' latency
      // would pass for the API's pace (a congestion delay twice the real one, measured).
      eventAt: NEVER,
      recAt: NEVER,
      calm: 0,
      closedAt: -1,
      probe: 0,
      probeUntil: NEVER,
      cool: NEVER,
      pace: 0,
      paceUntil: NEVER,
    };
  }
  const now = round(nowAbs - state.t0);
  // Reports from an earlier life of the state carry epochs of that life: count them as current.
  const stale = req.gen !== state.gen;
  const okEpoch = stale && req.ok > 0 ? state.epoch : req.okEpoch;
  const refusedEpoch = stale && req.refused > 0 ? state.epoch : req.refusedEpoch;

  leases.set(req.worker, nowAbs + req.leaseMs);
  for (const [worker, until] of leases) if (until <= nowAbs) leases.delete(worker);

  if (req.ok > 0) recover(state, req, okEpoch, now);
  const raised = req.refused > 0 && refusedEpoch >= state.epoch && raise(state, req, now);
  if (req.pauseMs > 0) state.cool = Math.max(state.cool, round(now + req.pauseMs));
  if (req.paceMs > 0) {
    state.pace = round(req.paceMs);
    state.paceUntil = round(now + req.paceFreshMs);
  }

  const spacing = spacingOf(state, req, now);
  const closed = state.closedAt >= 0;
  const first = round(Math.max(now, state.last + spacing, state.cool, closed ? state.probeUntil : NEVER));
  const want = closed ? Math.min(req.want, 1) : req.want;
  const waitsMs: number[] = [];
  // The first slot the spacing gives is granted however far it lies (so a dispatch costs one
  // round trip at most), more only within the horizon, so no worker holds the fleet's near
  // future. A slot set by a pause or a probe is not reserved ahead: the API may reopen first,
  // and every worker asks again when it is due.
  const held = closed || first > state.last + spacing;
  const reach = now + req.horizonMs;
  for (let t = first; waitsMs.length < want && (t <= reach || (!held && waitsMs.length === 0));) {
    waitsMs.push(round(t - now));
    state.last = t;
    // A closed API gets one probe at a time, as a lone pool sends it: the next waits for its
    // outcome, or for long enough that a probe lost with its worker does not stop the fleet.
    if (closed) state.probeUntil = round(t + Math.max(2 * state.probe, PROBE_OUTSTANDING_MS));
    t = round(t + spacing);
  }
  const nextMs = req.want > 0 && waitsMs.length === 0 ? round(first - now) : 0;
  const reply = { ...emptyReply(state, leases.size), spacingMs: spacing, waitsMs, nextMs, raised };
  return { state, reply };
}

function recover(state: GateState, req: SyncRequest, okEpoch: number, now: number): void {
  state.calm += req.ok;
  if (state.closedAt >= 0) {
    // Only a call sent since the raise proves the API open again; earlier ones were let in before.
    if (okEpoch < state.closedAt) return;
    state.closedAt = -1;
  }
  const { minDispatchDelayMs: min, recoveryStepMs: step } = req.settings;
  if (state.eventAt === NEVER) state.eventAt = now;
  if (state.recAt === NEVER) state.recAt = now;
  const elapsed = Math.max(0, now - state.recAt);
  const calmMs = Math.max(0, now - state.eventAt);
  state.recAt = now;
  const gap = state.delay - state.cdelay;
  const probe = state.delay * PROBE_SHARE_PER_SECOND * (1 + calmMs / PROBE_SPEEDUP_MS) * (elapsed / 1000);
  const fast =
    gap <= 0
      ? 0
      : Math.max(gap * (1 - (1 - FAST_SHARE) ** req.ok), gap * (1 - 0.5 ** (elapsed / FAST_HALF_LIFE_MS)));
  const next = state.delay - Math.min(step * req.ok, Math.max(fast, probe));
  state.delay = next - min < SNAP_MS ? min : round(next);
}

/** One raise per congestion event across the fleet; refused probes only lengthen the probe wait. */
function raise(state: GateState, req: SyncRequest, now: number): boolean {
  const {
    minDispatchDelayMs: min,
    maxDispatchDelayMs: max,
    backoffMultiplier,
    recoveryStepMs,
  } = req.settings;
  if (state.closedAt >= 0) {
    state.probe = round(Math.min(state.probe * Math.sqrt(backoffMultiplier), max));
    state.probeUntil = NEVER;
    return false;
  }
  const bootstrap = Math.max(recoveryStepMs, min);
  const raised = state.delay <= min && state.delay < bootstrap ? bootstrap : state.delay * backoffMultiplier;
  const span = state.eventAt === NEVER ? 0 : now - state.eventAt;
  const sustained = span > 0 && state.calm >= MIN_SUCCESSES_TO_MEASURE ? span / state.calm : 0;
  const next = round(Math.min(Math.max(raised, sustained), max));
  if (next <= state.delay) return false;
  state.epoch += 1;
  state.cdelay = round(Math.min(Math.max(state.delay, sustained), max));
  state.calm = 0;
  state.eventAt = state.recAt = now;
  state.closedAt = state.epoch;
  state.probe = next;
  state.probeUntil = NEVER;
  state.delay = next;
  return true;
}

function spacingOf(state: GateState, req: SyncRequest, now: number): number {
  const base = state.closedAt >= 0 ? state.probe : Math.max(req.settings.minDispatchDelayMs, state.delay);
  return now <= state.paceUntil ? Math.max(base, state.pace) : base;
}

function emptyReply(state: GateState, workers: number): SyncReply {
  return {
    gen: state.gen,
    epoch: state.epoch,
    delayMs: state.delay,
    closed: state.closedAt >= 0,
    spacingMs: 0,
    waitsMs: [],
    nextMs: 0,
    workers,
    raised: false,
    mismatch: '',
  };
}
