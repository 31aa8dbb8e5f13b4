// classifyResponse: what an HTTP answer means to the pool.
import { expect } from 'chai';
import { retryAfterOf } from '../../lib/errors/retryAfterOf.js';
import { classifyResponse } from '../../lib/cli/classifyResponse.js';
import { classifyError } from '../../lib/errors/classifyError.js';

const answer = (status: number, headers: Record<string, string> = {}) => ({
  status,
  statusText: '',
  headers: { get: (name: string) => headers[name.toLowerCase()] ?? null },
});

describe('pooled-map CLI', () => {
  describe('classifyResponse', () => {
    const table: [number, string | undefined, string | undefined][] = [
      // status, error class, pool's reading of it
      [200, undefined, undefined],
      [201, undefined, undefined],
      [204, undefined, undefined],
      [429, 'CapacityError', 'capacity'],
      [503, 'CapacityError', 'capacity'],
      [529, 'CapacityError', 'capacity'],
      [500, 'RetryableError', 'retryable'],
      [502, 'RetryableError', 'retryable'],
      [504, 'RetryableError', 'retryable'],
      [408, 'RetryableError', 'retryable'],
      [400, 'PermanentError', 'permanent'],
      [401, 'PermanentError', 'permanent'],
      [404, 'PermanentError', 'permanent'],
      [422, 'PermanentError', 'permanent'],
      [304, 'PermanentError', 'permanent'],
    ];
    for (const [status, name, kind] of table) {
      it(`should read HTTP ${status} as ${name ?? 'a success'}`, () => {
        const error = classifyResponse(answer(status));
        expect(error?.name).to.equal(name);
        if (error !== undefined) {
          expect(classifyError(error)).to.equal(kind);
          expect(error).to.have.property('statusCode', status);
        }
      });
    }

    it('should carry the headers, so the pool reads Retry-After in seconds or as an HTTP-date', () => {
      const now = Date.UTC(2026, 0, 1, 12, 0, 0);
      expect(retryAfterOf(classifyResponse(answer(429, { 'retry-after': '3' })), now)).to.deep.equal({
        ms: 3000,
        resolutionMs: 1000,
      });
      const dated = classifyResponse(answer(503, { 'retry-after': 'Thu, 01 Jan 2026 12:00:05 GMT' }));
      expect(retryAfterOf(dated, now)).to.deep.equal({ ms: 5000, resolutionMs: 1000 });
      expect(retryAfterOf(classifyResponse(answer(429, { 'retry-after': 'soon' })), now)).to.equal(undefined);
      expect(classifyResponse(answer(429))).to.have.property('retryAfterMs', undefined);
    });

    it('should quote the start of the body in the message, on one line', () => {
      const error = classifyResponse(
        { ...answer(400), statusText: 'Bad Request' },
        '{"error":\n "bad field"}',
      );
      expect(error?.message).to.equal('HTTP 400 Bad Request: {"error": "bad field"}');
      const long = classifyResponse(answer(500), 'x'.repeat(1000));
      expect(long?.message.length).to.be.lessThan(320);
      expect(long?.message).to.match(/…$/);
    });
  });
});
