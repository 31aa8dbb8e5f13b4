import { expect } from 'chai';
import { PoolConfigError } from '../../lib/config/PoolConfigError.js';

describe('PoolConfigError', () => {
  it('should list every problem, one per indented line, after a counting first line', () => {
    const error = new PoolConfigError(['`a` must be x, received 1', '`b` must be y, received 2']);
    expect(error.message).to.equal(
      'Invalid pool config (2 problems):\n  - `a` must be x, received 1\n  - `b` must be y, received 2',
    );
    expect(error.problems).to.deep.equal(['`a` must be x, received 1', '`b` must be y, received 2']);
  });

  it('should count a single problem in the singular', () => {
    expect(new PoolConfigError(['`a` must be x, received 1']).message).to.equal(
      'Invalid pool config (1 problem):\n  - `a` must be x, received 1',
    );
  });

  it('should set its own name and be an Error', () => {
    const error = new PoolConfigError(['p']);
    expect(error.name).to.equal('PoolConfigError');
    expect(error).to.be.instanceOf(PoolConfigError);
    expect(error).to.be.instanceOf(Error);
    expect(String(error)).to.match(/^PoolConfigError: Invalid pool config \(1 problem\):/);
  });

  it('should keep a frozen copy of the problems', () => {
    const problems = ['p'];
    const error = new PoolConfigError(problems);
    problems.push('q');
    expect(error.problems).to.deep.equal(['p']);
    expect(Object.isFrozen(error.problems)).to.equal(true);
  });
});
