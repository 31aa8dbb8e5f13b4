import { expect } from 'chai';
import { nearestName } from '../../lib/config/nearestName.js';

const keys = ['poolSize', 'minDispatchDelayMs', 'maxDispatchDelayMs', 'maxBuffered'];

describe('nearestName', () => {
  it('should see through a slip of case or separators first', () => {
    expect(nearestName('poolsize', keys)).to.equal('poolSize');
    expect(nearestName('pool_size', keys)).to.equal('poolSize');
    expect(nearestName('--Pool-Size', ['--pool-size'])).to.equal('--pool-size');
  });

  it('should suggest the closest name within two edits, the first listed among equals', () => {
    expect(nearestName('maxBufferd', keys)).to.equal('maxBuffered');
    expect(nearestName('--pool-sise', ['--input', '--pool-size'])).to.equal('--pool-size');
    // Two edits from maxDispatchDelayMs, four from minDispatchDelayMs.
    expect(nearestName('maxDispatchDelay', keys)).to.equal('maxDispatchDelayMs');
  });

  it('should suggest nothing for a name far from every known one', () => {
    expect(nearestName('--nope', ['--port', '--host'])).to.equal(undefined);
    expect(nearestName('timeout', keys)).to.equal(undefined);
    expect(nearestName('anything', [])).to.equal(undefined);
  });
});
