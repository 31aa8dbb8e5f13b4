import { expect } from 'chai';
import { RetryableError } from '../../lib/errors/RetryableError.js';

describe('RetryableError', () => {
  it('should set its own name, message and statusCode', () => {
    const error = new RetryableError('connection reset', { statusCode: 502 });
    expect(error.name).to.equal('RetryableError');
    expect(error.message).to.equal('connection reset');
    expect(error.statusCode).to.equal(502);
    expect(error).to.be.instanceOf(RetryableError);
    expect(error).to.be.instanceOf(Error);
  });

  it('should keep the cause and leave statusCode undefined when not given', () => {
    const cause = new Error('ECONNRESET');
    const error = new RetryableError('retry me', { cause });
    expect(error.cause).to.equal(cause);
    expect(error.statusCode).to.equal(undefined);
    expect(new RetryableError('x')).to.not.have.property('cause');
  });
});
