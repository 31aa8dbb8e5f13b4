import { expect } from 'chai';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CapacityError } from '../../lib/errors/CapacityError.js';
import { classifyError } from '../../lib/errors/classifyError.js';
import { PermanentError } from '../../lib/errors/PermanentError.js';
import { RetryableError } from '../../lib/errors/RetryableError.js';

type ErrorModules = {
  CapacityError: typeof CapacityError;
  RetryableError: typeof RetryableError;
  PermanentError: typeof PermanentError;
  classifyError: typeof classifyError;
};

/**
 * A second copy of the error modules, with classes of its own, as an app gets when one part loads
 * the package's CommonJS build and another its ES module build: the module cache is cleared
 * before loading and restored after, so this suite's own imports keep the first copy.
 */
function secondCopy(): ErrorModules {
  const load = createRequire(__filename);
  const dir = join(dirname(load.resolve('../../lib/errors/brand.ts')));
  const saved = Object.keys(load.cache).filter((key) => key.startsWith(dir));
  const kept = new Map(saved.map((key) => [key, load.cache[key]]));
  for (const key of saved) delete load.cache[key];
  try {
    return {
      ...(load('../../lib/errors/CapacityError.ts') as Pick<ErrorModules, 'CapacityError'>),
      ...(load('../../lib/errors/RetryableError.ts') as Pick<ErrorModules, 'RetryableError'>),
      ...(load('../../lib/errors/PermanentError.ts') as Pick<ErrorModules, 'PermanentError'>),
      ...(load('../../lib/errors/classifyError.ts') as Pick<ErrorModules, 'classifyError'>),
    };
  } finally {
    for (const key of Object.keys(load.cache)) if (key.startsWith(dir)) delete load.cache[key];
    for (const [key, module] of kept) load.cache[key] = module;
  }
}

describe('brand', () => {
  const other = secondCopy();

  it('should load classes of their own in the second copy (or this suite would prove nothing)', () => {
    expect(other.RetryableError).to.not.equal(RetryableError);
    expect(Object.getPrototypeOf(new other.RetryableError('x'))).to.not.equal(RetryableError.prototype);
  });

  it("should classify the other copy's errors by what they are", () => {
    expect(classifyError(new other.CapacityError(429))).to.equal('capacity');
    expect(classifyError(new other.RetryableError('blip', { statusCode: 429 }))).to.equal('retryable');
    expect(classifyError(new other.PermanentError('no', { statusCode: 503 }))).to.equal('permanent');
    expect(other.classifyError(new RetryableError('blip'))).to.equal('retryable');
    expect(other.classifyError(new PermanentError('no'))).to.equal('permanent');
  });

  it('should make instanceof hold across copies, and only for the same class', () => {
    expect(new other.CapacityError(503)).to.be.instanceOf(CapacityError);
    expect(new RetryableError('x')).to.be.instanceOf(other.RetryableError);
    expect(new other.PermanentError('x')).to.be.instanceOf(PermanentError);
    expect(new other.PermanentError('x')).to.be.instanceOf(Error);
    expect(new other.RetryableError('x')).to.not.be.instanceOf(PermanentError);
    expect({ statusCode: 429 }).to.not.be.instanceOf(CapacityError);
    expect(null).to.not.be.instanceOf(CapacityError);
  });

  it("should keep a user's subclass test ordinary: a base instance is not a subclass instance", () => {
    class QuotaError extends CapacityError {}
    expect(new QuotaError(429)).to.be.instanceOf(QuotaError);
    expect(new QuotaError(429)).to.be.instanceOf(CapacityError);
    expect(new CapacityError(429)).to.not.be.instanceOf(QuotaError);
    expect(classifyError(new QuotaError(429))).to.equal('capacity');
  });

  it('should keep the brand out of own keys, so entries and deep-equal are unchanged', () => {
    const error = new RetryableError('x', { statusCode: 500 });
    expect(Object.getOwnPropertySymbols(error)).to.deep.equal([]);
    expect(Reflect.ownKeys(error)).to.not.include(Symbol.for('rxjs-pooled-map.RetryableError'));
  });
});
