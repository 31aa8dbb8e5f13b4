import { expect } from 'chai';
import { CapacityError } from '../../lib/errors/CapacityError.js';

describe('CapacityError', () => {
  it('should default its message to the status', () => {
    const error = new CapacityError(429);
    expect(error.message).to.equal('API at capacity (HTTP 429)');
    expect(error.statusCode).to.equal(429);
    expect(error.retryAfterMs).to.equal(undefined);
  });

  it('should set its own name and be an Error', () => {
    const error = new CapacityError(503, 'busy');
    expect(error.name).to.equal('CapacityError');
    expect(error).to.be.instanceOf(CapacityError);
    expect(error).to.be.instanceOf(Error);
    expect(error.message).to.equal('busy');
    expect(String(error)).to.equal('CapacityError: busy');
  });

  it('should keep retryAfterMs and cause', () => {
    const cause = new Error('upstream');
    const error = new CapacityError(529, undefined, { retryAfterMs: 1500, cause });
    expect(error.retryAfterMs).to.equal(1500);
    expect(error.cause).to.equal(cause);
  });

  it('should accept retryAfterMs 0 and the status bounds 100 and 599', () => {
    expect(new CapacityError(429, undefined, { retryAfterMs: 0 }).retryAfterMs).to.equal(0);
    expect(new CapacityError(100).statusCode).to.equal(100);
    expect(new CapacityError(599).statusCode).to.equal(599);
  });

  for (const [bad, shown] of [
    [99, '99'],
    [600, '600'],
    [429.5, '429.5'],
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    ['429', '"429"'],
  ] as const) {
    it(`should reject statusCode ${shown} with a RangeError naming the parameter, the rule and the value`, () => {
      expect(() => new CapacityError(bad as number)).to.throw(
        RangeError,
        `statusCode must be an integer from 100 to 599, received ${shown}`,
      );
    });
  }

  for (const [bad, shown] of [
    [-1, '-1'],
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
  ] as const) {
    it(`should reject retryAfterMs ${shown} with a RangeError`, () => {
      expect(() => new CapacityError(429, undefined, { retryAfterMs: bad })).to.throw(
        RangeError,
        `retryAfterMs must be a finite number ≥ 0 when given, received ${shown}`,
      );
    });
  }
});
