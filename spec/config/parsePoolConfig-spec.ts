import { expect } from 'chai';
import { parsePoolConfig } from '../../lib/config/parsePoolConfig.js';
import { PoolConfigError } from '../../lib/config/PoolConfigError.js';

function thrown(fn: () => unknown): PoolConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(PoolConfigError);
    return error as PoolConfigError;
  }
  throw new Error('expected a PoolConfigError');
}

describe('parsePoolConfig', () => {
  it('should return the validated config', () => {
    expect(parsePoolConfig({ poolSize: 8 })).to.deep.equal({
      poolSize: 8,
      minDispatchDelayMs: 0,
      maxDispatchDelayMs: 5000,
      backoffMultiplier: 2,
      recoveryStepMs: 50,
      maxCapacityRetrySeconds: 3600,
    });
    expect(parsePoolConfig(undefined).poolSize).to.equal(1);
  });

  it('should throw one PoolConfigError listing every problem, one per line', () => {
    const error = thrown(() =>
      parsePoolConfig({ poolSize: 1.5, minDispatchDelayMs: 800, maxDispatchDelayMs: 500 }),
    );
    expect(error.message).to.equal(
      [
        'Invalid pool config (2 problems):',
        '  - `poolSize` must be an integer ≥ 1, received 1.5',
        '  - `maxDispatchDelayMs` must be ≥ minDispatchDelayMs (800), received 500',
      ].join('\n'),
    );
    expect(error.problems).to.have.length(2);
  });

  it('should prefix the paths when given where the config sits', () => {
    const error = thrown(() => parsePoolConfig({ backoffMultiplier: 1 }, 'pool'));
    expect(error.problems).to.deep.equal([
      '`pool.backoffMultiplier` must be a finite number > 1, received 1',
    ]);
  });

  it('should reject a non-object input with one problem', () => {
    expect(thrown(() => parsePoolConfig('fast')).problems).to.deep.equal([
      '`PoolConfig` must be an object of options (or undefined for all defaults), received "fast"',
    ]);
  });
});
