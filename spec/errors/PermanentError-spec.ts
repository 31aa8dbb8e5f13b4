import { expect } from 'chai';
import { PermanentError } from '../../lib/errors/PermanentError.js';

describe('PermanentError', () => {
  it('should set its own name, message and statusCode', () => {
    const error = new PermanentError('bad request', { statusCode: 400 });
    expect(error.name).to.equal('PermanentError');
    expect(error.message).to.equal('bad request');
    expect(error.statusCode).to.equal(400);
    expect(error).to.be.instanceOf(PermanentError);
    expect(error).to.be.instanceOf(Error);
  });

  it('should keep the cause and leave statusCode undefined when not given', () => {
    const cause = { reason: 'content_filter' };
    const error = new PermanentError('refused', { cause });
    expect(error.cause).to.equal(cause);
    expect(error.statusCode).to.equal(undefined);
  });
});
