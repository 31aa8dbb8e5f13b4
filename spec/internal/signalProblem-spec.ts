import { expect } from 'chai';
import { signalProblem } from '../../lib/internal/signalProblem.js';

describe('signalProblem', () => {
  it('should accept no signal and an AbortSignal, aborted or not', () => {
    expect(signalProblem(undefined)).to.equal(undefined);
    expect(signalProblem(new AbortController().signal)).to.equal(undefined);
    expect(signalProblem(AbortSignal.abort())).to.equal(undefined);
  });

  it('should name the option, the rule and the value received', () => {
    expect(signalProblem(new AbortController())).to.match(/^`signal` must be an AbortSignal, received /);
    expect(signalProblem(true)).to.equal('`signal` must be an AbortSignal, received true');
    expect(signalProblem(null)).to.equal('`signal` must be an AbortSignal, received null');
  });
});
