import { expect } from 'chai';
import { gateStep, type GateState, type Leases } from '../../lib/shared/gateStep.js';
import type { SyncRequest } from '../../lib/shared/GateStore.js';
import { syncRequest } from '../helpers/syncRequest.js';

const settings = {
  minDispatchDelayMs: 0,
  maxDispatchDelayMs: 10_000,
  backoffMultiplier: 2,
  recoveryStepMs: 50,
};
const T0 = 1_700_000_000_000;

const request = (over: Partial<SyncRequest> = {}): SyncRequest =>
  syncRequest('a', { settings, want: 0, horizonMs: 50, leaseMs: 10_000, seedDelayMs: 0, ...over });

/** A gate driven by hand: `at(ms, request)` applies a request at T0 + ms. */
function gate() {
  let state: GateState | undefined;
  const leases: Leases = new Map();
  return {
    at(ms: number, over: Partial<SyncRequest> = {}) {
      const step = gateStep(state, leases, request({ gen: state?.gen ?? '', ...over }), T0 + ms);
      state = step.state;
      return step.reply;
    },
    get state() {
      return state as GateState;
    },
  };
}

describe('gateStep', () => {
  it('should make a state on first use, seeded from the worker, and serve the first slot at once', () => {
    const g = gate();
    const reply = g.at(0, { want: 1, seedDelayMs: 20 });
    expect(reply.gen).to.equal(`${T0}-a`);
    expect(reply.delayMs).to.equal(20);
    expect(reply.waitsMs).to.deep.equal([0]);
  });

  it('should hand out several slots within the horizon in one reply, spaced by the delay', () => {
    const g = gate();
    const reply = g.at(0, { want: 10, seedDelayMs: 20 });
    expect(reply.waitsMs).to.deep.equal([0, 20, 40]);
    // The next worker's slots follow the last one handed out.
    expect(g.at(1, { worker: 'b', want: 1 }).waitsMs).to.deep.equal([59]);
  });

  it('should grant the first slot beyond the horizon, so a dispatch costs one round trip', () => {
    const g = gate();
    g.at(0, { want: 1, seedDelayMs: 500 });
    const reply = g.at(10, { want: 3 });
    expect(reply.waitsMs).to.deep.equal([490]);
    expect(reply.nextMs).to.equal(0);
  });

  it('should raise once per congestion event across workers, and close the gate', () => {
    const g = gate();
    g.at(0, { want: 1, seedDelayMs: 100 });
    const first = g.at(5, { refused: 1, refusedEpoch: 0 });
    expect(first.raised).to.equal(true);
    expect(first.delayMs).to.equal(200);
    expect(first.epoch).to.equal(1);
    expect(first.closed).to.equal(true);
    // Another worker's refusal of a call sent at the old epoch is the same event.
    const second = g.at(6, { worker: 'b', refused: 3, refusedEpoch: 0 });
    expect(second.raised).to.equal(false);
    expect(second.delayMs).to.equal(200);
  });

  it('should send one probe at a time while closed, and lengthen the wait after a refused probe', () => {
    const g = gate();
    g.at(0, { want: 1, seedDelayMs: 100 });
    g.at(5, { refused: 1, refusedEpoch: 0 });
    const probe = g.at(10, { want: 4 });
    expect(probe.waitsMs).to.have.length(0); // the probe slot lies beyond the horizon: ask again
    expect(probe.nextMs).to.equal(190); // the last slot went at 0, probes go 200 apart
    expect(g.at(200, { want: 4 }).waitsMs).to.deep.equal([0]);
    // Its outcome is not heard yet: nobody else probes.
    expect(g.at(210, { worker: 'b', want: 1 }).waitsMs).to.have.length(0);
    const refusedProbe = g.at(220, { refused: 1, refusedEpoch: 1 });
    expect(refusedProbe.raised).to.equal(false);
    expect(g.state.probe).to.be.closeTo(200 * Math.SQRT2, 0.001);
  });

  it('should reopen only on the success of a call sent since the raise', () => {
    const g = gate();
    g.at(0, { want: 1, seedDelayMs: 100 });
    g.at(5, { refused: 1, refusedEpoch: 0 });
    expect(g.at(50, { ok: 2, okEpoch: 0 }).closed).to.equal(true);
    const reopened = g.at(300, { ok: 1, okEpoch: 1 });
    expect(reopened.closed).to.equal(false);
    expect(reopened.delayMs).to.be.below(200);
  });

  it('should recover in time: faster towards the last congestion delay, then probing slowly', () => {
    const g = gate();
    g.at(0, { want: 1, seedDelayMs: 10 });
    g.at(1, { refused: 1, refusedEpoch: 0 }); // 10 → 20, congestion delay 10
    // The first success of a call sent since the raise reopens, and closes 30 % of the gap.
    expect(g.at(2, { ok: 1, okEpoch: 1 }).delayMs).to.equal(17);
    // 500 ms later the gap has halved twice: 10 + 7 / 4.
    expect(g.at(502, { ok: 1, okEpoch: 1 }).delayMs).to.equal(11.75);
    // A second on, the probe (20 % a second, +30 % after 1.5 s of calm) outpaces the gap's end.
    const probed = 11.75 - 11.75 * 0.2 * (1 + 1501 / 5000);
    expect(g.at(1502, { ok: 1, okEpoch: 1 }).delayMs).to.be.closeTo(probed, 0.001);
  });

  it('should hold every slot until a pause ends, without reserving it ahead', () => {
    const g = gate();
    g.at(0, { want: 1 });
    g.at(10, { refused: 1, refusedEpoch: 0, pauseMs: 1000 });
    const reply = g.at(20, { worker: 'b', want: 1 });
    expect(reply.waitsMs).to.have.length(0);
    expect(reply.nextMs).to.equal(990);
  });

  it("should space slots by the headers' pace while it is fresh", () => {
    const g = gate();
    g.at(0, { want: 1, paceMs: 10, paceFreshMs: 1000 });
    expect(g.at(1, { want: 3 }).waitsMs).to.deep.equal([9, 19, 29]);
    expect(g.at(2000, { want: 2 }).spacingMs).to.equal(0);
  });

  it('should count the workers whose lease is alive', () => {
    const g = gate();
    g.at(0, { worker: 'a', leaseMs: 1000 });
    expect(g.at(10, { worker: 'b', leaseMs: 1000 }).workers).to.equal(2);
    expect(g.at(1500, { worker: 'b', leaseMs: 1000 }).workers).to.equal(1);
  });

  it("should refuse a worker with other delay settings, naming the gate's, and change nothing", () => {
    const g = gate();
    g.at(0, { want: 1, seedDelayMs: 10 });
    const reply = g.at(1, { want: 1, settings: { ...settings, backoffMultiplier: 3 } });
    expect(reply.mismatch).to.equal('min=0;max=10000;x=2;step=50');
    expect(reply.waitsMs).to.have.length(0);
    expect(g.state.last).to.equal(0);
  });

  it('should count reports from an earlier life of the state as current', () => {
    const g = gate();
    g.at(0, { want: 1, seedDelayMs: 10 });
    const reply = g.at(5, { gen: 'an-old-life', refused: 1, refusedEpoch: 7 });
    expect(reply.raised).to.equal(true);
  });
});
