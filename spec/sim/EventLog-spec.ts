// The compact per-request log behind stats().events.
import { expect } from 'chai';
import { EventLog } from '../../lib/sim/EventLog.js';

describe('EventLog', () => {
  it('should keep every event, in order, as it grows past its initial buffers', () => {
    const log = new EventLog(true);
    for (let i = 0; i < 5000; i++) log.setCode(log.add(i / 2), 200 + (i % 3));
    const { count, tMs, code } = log.snapshot();
    expect(count).to.equal(5000);
    expect(tMs[4999]).to.equal(4999 / 2);
    expect(Array.from(code.subarray(0, 4))).to.deep.equal([200, 201, 202, 200]);
  });

  it('should show 0 for a request still in flight', () => {
    const log = new EventLog(true);
    log.add(5);
    expect(Array.from(log.snapshot().code)).to.deep.equal([0]);
  });

  it('should record nothing when disabled', () => {
    const log = new EventLog(false);
    log.setCode(log.add(1), 200);
    expect(log.snapshot().count).to.equal(0);
  });
});
