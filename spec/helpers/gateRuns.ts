import fc from 'fast-check';
import type { GateSettings, SyncReply, SyncRequest } from '../../lib/shared/GateStore.js';

/** One worker's request in a run, before it is tied to what that worker last heard. */
export interface GateRunStep {
  /** Store clock advance before the request (ms). */
  readonly dtMs: number;
  readonly worker: string;
  /** `last`: the gen this worker last heard; `empty`: a first sync; `foreign`: a gen of another life. */
  readonly gen: 'last' | 'empty' | 'foreign';
  /** The epochs reported, relative to the one this worker last heard (-1 stays -1). */
  readonly okEpochDelta: number;
  readonly refusedEpochDelta: number;
  /** Sent with the other settings of the run (a worker configured differently). */
  readonly otherSettings: boolean;
  readonly fields: Omit<SyncRequest, 'worker' | 'gen' | 'settings' | 'okEpoch' | 'refusedEpoch'>;
}

export interface GateRun {
  readonly startMs: number;
  readonly settings: GateSettings;
  readonly otherSettings: GateSettings;
  readonly steps: readonly GateRunStep[];
}

/** What each worker last heard, to build its next request the way a pool would. */
export type Heard = Map<string, SyncReply>;

const ms = (max: number) =>
  fc.oneof(fc.integer({ min: 0, max }), fc.double({ min: 0, max, noNaN: true, noDefaultInfinity: true }));
const rarely = (arbitrary: fc.Arbitrary<number>) =>
  fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: arbitrary });

const settings: fc.Arbitrary<GateSettings> = fc
  .record({
    min: rarely(ms(40)),
    span: ms(3000),
    x: fc.double({ min: 1, max: 4, noNaN: true }),
    step: ms(80),
  })
  .map(({ min, span, x, step }) => ({
    minDispatchDelayMs: min,
    maxDispatchDelayMs: min + span,
    backoffMultiplier: x,
    recoveryStepMs: step,
  }));

const step: fc.Arbitrary<GateRunStep> = fc.record({
  dtMs: fc.oneof(fc.constant(0), ms(400), ms(4000)),
  worker: fc.constantFrom('w1', 'w2', 'w3'),
  gen: fc.constantFrom('last', 'last', 'last', 'last', 'empty', 'foreign'),
  okEpochDelta: fc.integer({ min: -2, max: 1 }),
  refusedEpochDelta: fc.integer({ min: -2, max: 1 }),
  otherSettings: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  fields: fc.record({
    want: fc.integer({ min: 0, max: 6 }),
    horizonMs: ms(1500),
    leaseMs: ms(3000),
    ok: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 5, max: 12 })),
    refused: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 3 })),
    pauseMs: rarely(ms(3000)),
    paceMs: rarely(ms(300)),
    paceFreshMs: ms(3000),
    seedDelayMs: fc.oneof(ms(2000), fc.double({ min: -50, max: 0, noNaN: true })),
  }),
});

/** Random runs of requests from a few workers against one gate. */
export const gateRuns: fc.Arbitrary<GateRun> = fc.record({
  startMs: fc
    .tuple(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 0, max: 999 }))
    .map(([ms, us]) => 1_700_000_000_000 + ms + us / 1000),
  settings,
  otherSettings: settings,
  steps: fc.array(step, { minLength: 1, maxLength: 30 }),
});

/** The request `step` makes, given what its worker last heard. */
export function requestOf(run: GateRun, step: GateRunStep, heard: Heard): SyncRequest {
  const last = heard.get(step.worker);
  const epoch = last?.epoch ?? 0;
  const epochOf = (count: number, delta: number) => (count > 0 ? Math.max(-1, epoch + delta) : -1);
  return {
    ...step.fields,
    worker: step.worker,
    gen: step.gen === 'last' ? (last?.gen ?? '') : step.gen === 'empty' ? '' : '1-gone',
    settings: step.otherSettings ? run.otherSettings : run.settings,
    okEpoch: epochOf(step.fields.ok, step.okEpochDelta),
    refusedEpoch: epochOf(step.fields.refused, step.refusedEpochDelta),
  };
}
