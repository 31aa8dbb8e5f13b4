import { expect } from 'chai';
import { isLeft } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { decodePoolConfig } from '../../lib/config/decodePoolConfig.js';
import { formatPoolConfigErrors } from '../../lib/config/formatPoolConfigErrors.js';
import { PoolConfig } from '../../lib/config/PoolConfig.js';

function errorsOf(u: unknown): t.Errors {
  const result = decodePoolConfig(u);
  if (!isLeft(result)) throw new Error('expected decode errors');
  return result.left;
}

describe('formatPoolConfigErrors', () => {
  it('should prefix every path with pathPrefix', () => {
    expect(
      formatPoolConfigErrors(errorsOf({ poolSize: 0, retries: 3, 'max delay': 1 }), 'pool'),
    ).to.deep.equal([
      '`pool.poolSize` must be an integer ≥ 1, received 0',
      '`pool.retries` is not a known option (known: poolSize, minDispatchDelayMs, maxDispatchDelayMs, ' +
        'backoffMultiplier, recoveryStepMs, maxCapacityRetrySeconds), received 3',
      '`pool["max delay"]` is not a known option (known: poolSize, minDispatchDelayMs, maxDispatchDelayMs, ' +
        'backoffMultiplier, recoveryStepMs, maxCapacityRetrySeconds), received 1',
    ]);
  });

  it('should name a non-object input by the prefix, or by the codec without one', () => {
    const errors = errorsOf(null);
    const rule = 'must be an object of options (or undefined for all defaults), received null';
    expect(formatPoolConfigErrors(errors, 'pool')).to.deep.equal([`\`pool\` ${rule}`]);
    expect(formatPoolConfigErrors(errors)).to.deep.equal([`\`PoolConfig\` ${rule}`]);
  });

  it('should build the path from the context when the config is nested in a larger codec', () => {
    const File = t.type({ pool: PoolConfig });
    const result = File.decode({ pool: { poolSize: 1.5 } });
    if (!isLeft(result)) throw new Error('expected decode errors');
    expect(formatPoolConfigErrors(result.left)).to.deep.equal([
      '`pool.poolSize` must be an integer ≥ 1, received 1.5',
    ]);
  });

  it('should render received values unambiguously', () => {
    const shown = (value: unknown): string | undefined =>
      formatPoolConfigErrors(errorsOf({ poolSize: value }))[0]?.replace(
        '`poolSize` must be an integer ≥ 1, received ',
        '',
      );
    expect(shown(NaN)).to.equal('NaN');
    expect(shown(Infinity)).to.equal('Infinity');
    expect(shown(-Infinity)).to.equal('-Infinity');
    expect(shown(-0)).to.equal('-0');
    expect(shown('3')).to.equal('"3"');
    expect(shown('a\nb')).to.equal('"a\\nb"');
    expect(shown(null)).to.equal('null');
    expect(shown(true)).to.equal('true');
    expect(shown(10n)).to.equal('10n');
    expect(shown([1, 'x', NaN])).to.equal('[1, "x", NaN]');
    expect(shown({ size: 4, 'odd key': undefined })).to.equal('{ size: 4, "odd key": undefined }');
    expect(shown({ a: { b: { c: 1 } } })).to.equal('{ a: { b: {…} } }');
    expect(shown(new Date(0))).to.equal('[object Date]');
    expect(shown(Symbol('s'))).to.equal('Symbol("s")');
    expect(shown(function named() {})).to.equal('[function named]');
  });

  it('should keep a long value on one bounded line', () => {
    const [problem] = formatPoolConfigErrors(errorsOf({ poolSize: 'x'.repeat(500) }));
    expect(problem).to.have.length.below(160);
    expect(problem).to.match(/…$/);
  });

  it('should fall back to the codec name for errors without a message', () => {
    const result = t.type({ size: t.number }).decode({ size: 'big' });
    if (!isLeft(result)) throw new Error('expected decode errors');
    expect(formatPoolConfigErrors(result.left)).to.deep.equal(['`size` must be number, received "big"']);
  });
});
