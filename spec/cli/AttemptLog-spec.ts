import { expect } from 'chai';
import { AttemptLog, causeOf } from '../../lib/cli/AttemptLog.js';
import { TimeoutError } from '../../lib/cli/poster.js';
import { CapacityError } from '../../lib/errors/CapacityError.js';
import { PermanentError } from '../../lib/errors/PermanentError.js';
import { RetryableError } from '../../lib/errors/RetryableError.js';

/** What node:http rejects with when nothing listens: a system error with its code. */
function refused(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
}

describe('pooled-map CLI', () => {
  describe('causeOf', () => {
    it('should name an attempt’s failure by HTTP status, system error code along the causes, or type', () => {
      expect(causeOf(new CapacityError(429))).to.equal('HTTP 429');
      expect(causeOf(new RetryableError('HTTP 502', { statusCode: 502 }))).to.equal('HTTP 502');
      expect(causeOf(new RetryableError('request failed', { cause: refused() }))).to.equal('ECONNREFUSED');
      const timeout = new TimeoutError('no answer within 30 ms');
      expect(causeOf(new RetryableError(timeout.message, { cause: timeout }))).to.equal('timeout');
      expect(causeOf(new TypeError('bug'))).to.equal('TypeError');
      expect(causeOf('text')).to.equal('string');
    });
  });

  describe('AttemptLog', () => {
    it('should count failed attempts by cause and keep the last message', () => {
      const log = new AttemptLog(0);
      log.attemptFailed(new RetryableError('request failed: connect ECONNREFUSED', { cause: refused() }), 1);
      log.attemptFailed(new CapacityError(503, 'HTTP 503 busy'), 2);
      log.attemptFailed(new RetryableError('request failed: again', { cause: refused() }), 3);
      expect(log.failures).to.deep.equal({ ECONNREFUSED: 2, 'HTTP 503': 1 });
      expect(log.failed).to.equal(3);
      expect(log.lastError).to.equal('request failed: again');
    });

    it('should measure a stall from the last answer, only while attempts fail', () => {
      const log = new AttemptLog(100);
      expect(log.stalledMs(5000)).to.equal(0); // nothing failed: slow, not stalled
      log.attemptFailed(new RetryableError('down'), 200);
      expect(log.stalledMs(5000)).to.equal(4900);
      log.answered(6000);
      expect(log.stalledMs(7000)).to.equal(0);
      log.attemptFailed(new RetryableError('down'), 7000);
      expect(log.stalledMs(9000)).to.equal(3000);
    });

    it('should count a refusal for good as an answer, and a server-requested wait as no failing', () => {
      const log = new AttemptLog(0);
      log.attemptFailed(new RetryableError('down'), 10);
      log.attemptFailed(new PermanentError('HTTP 400', { statusCode: 400 }), 500);
      expect(log.stalledMs(1000)).to.equal(0);
      expect(log.failures).to.deep.equal({ RetryableError: 1, 'HTTP 400': 1 });
      log.attemptFailed(new CapacityError(429), 1000);
      log.waiting(4000);
      expect(log.stalledMs(5000)).to.equal(1000);
    });
  });
});
