import { expect } from 'chai';
import { SharedReports } from '../../lib/shared/SharedReports.js';

describe('SharedReports', () => {
  it('should gather counts and the highest epoch, and clear them when taken', () => {
    const reports = new SharedReports();
    reports.succeeded(2);
    reports.succeeded(1);
    reports.refusedAt(3);
    expect(reports.pendingOk && reports.pendingRefusal).to.equal(true);
    expect(reports.take(false, 3)).to.deep.equal({ ok: 2, okEpoch: 2, refused: 1, refusedEpoch: 3 });
    expect(reports.take(false, 3)).to.deep.equal({ ok: 0, okEpoch: -1, refused: 0, refusedEpoch: -1 });
    expect(reports.pendingOk || reports.pendingRefusal).to.equal(false);
  });

  it('should add a refusal met alone when rejoining, at the epoch last known, until heard', () => {
    const reports = new SharedReports();
    reports.refusedAlone();
    expect(reports.take(false, 4).refused).to.equal(0); // not rejoining: nothing to tell yet
    expect(reports.take(true, 4)).to.deep.equal({ ok: 0, okEpoch: -1, refused: 1, refusedEpoch: 4 });
    expect(reports.take(true, 4).refused).to.equal(1); // the request may fail: kept until heard
    reports.heard();
    expect(reports.take(true, 4).refused).to.equal(0);
  });
});
