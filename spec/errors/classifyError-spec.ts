import { expect } from 'chai';
import { CapacityError } from '../../lib/errors/CapacityError.js';
import {
  classifyError,
  errorTypeOf,
  retryAfterMsOf,
  statusCodeOf,
  type ErrorKind,
} from '../../lib/errors/classifyError.js';
import { PermanentError } from '../../lib/errors/PermanentError.js';
import { RetryableError } from '../../lib/errors/RetryableError.js';

const NOW = Date.UTC(2025, 5, 1, 12, 0, 0);

describe('classifyError', () => {
  const table: [string, unknown, ErrorKind][] = [
    ['a CapacityError', new CapacityError(429), 'capacity'],
    ['a plain { status: 503 }', { status: 503 }, 'capacity'],
    ['a plain { statusCode: 429 }', { statusCode: 429 }, 'capacity'],
    ['an Error with status 529', Object.assign(new Error('overloaded'), { status: 529 }), 'capacity'],
    ['a RetryableError', new RetryableError('blip'), 'retryable'],
    ['a PermanentError', new PermanentError('bad input'), 'permanent'],
    ['a PermanentError with status 503', new PermanentError('no', { statusCode: 503 }), 'permanent'],
    ['a RetryableError with status 429', new RetryableError('again', { statusCode: 429 }), 'retryable'],
    ['a plain { status: "429" }', { status: '429' }, 'fatal'],
    ['a TypeError', new TypeError('x is undefined'), 'fatal'],
    ['an AbortError', new DOMException('aborted', 'AbortError'), 'fatal'],
    ['an error with a status below 400', { status: 302 }, 'fatal'],
    ['a string', 'boom', 'fatal'],
    ['null', null, 'fatal'],
    ['undefined', undefined, 'fatal'],
  ];
  for (const [label, error, kind] of table) {
    it(`should classify ${label} as ${kind}`, () => expect(classifyError(error)).to.equal(kind));
  }

  describe('by HTTP status, on the error or on error.response', () => {
    const statuses: [number, ErrorKind][] = [
      [429, 'capacity'],
      [503, 'capacity'],
      [529, 'capacity'],
      [408, 'retryable'],
      [425, 'retryable'],
      [500, 'retryable'],
      [502, 'retryable'],
      [504, 'retryable'],
      [522, 'retryable'],
      [400, 'permanent'],
      [401, 'permanent'],
      [404, 'permanent'],
      [422, 'permanent'],
      [501, 'permanent'],
      [505, 'permanent'],
    ];
    for (const [status, kind] of statuses) {
      it(`should classify ${status} as ${kind} wherever the status sits`, () => {
        expect(classifyError({ status })).to.equal(kind);
        expect(classifyError({ statusCode: status })).to.equal(kind);
        expect(classifyError({ response: { status } })).to.equal(kind); // ky, axios
        expect(classifyError({ response: { statusCode: status } })).to.equal(kind); // got
      });
    }
  });

  describe('network and timeout failures', () => {
    const systemError = (code: string): Error => Object.assign(new Error(`connect ${code}`), { code });
    const codes = [
      'ECONNREFUSED',
      'ECONNRESET',
      'ETIMEDOUT',
      'EPIPE',
      'ENOTFOUND',
      'EAI_AGAIN',
      'EHOSTUNREACH',
      'ENETUNREACH',
      'ECONNABORTED',
      'UND_ERR_SOCKET',
      'UND_ERR_CONNECT_TIMEOUT',
      'UND_ERR_HEADERS_TIMEOUT',
      'UND_ERR_BODY_TIMEOUT',
    ];
    for (const code of codes) {
      it(`should classify ${code} as retryable, on the error or along its cause chain`, () => {
        expect(classifyError(systemError(code))).to.equal('retryable');
        // fetch: TypeError('fetch failed') caused by the system error.
        const fetchFailed = new TypeError('fetch failed', { cause: systemError(code) });
        expect(classifyError(fetchFailed)).to.equal('retryable');
        // An SDK wrapping fetch's error once more.
        expect(classifyError(new Error('Connection error.', { cause: fetchFailed }))).to.equal('retryable');
      });
    }

    it('should find the code among the errors of an AggregateError (every address refused)', () => {
      const refused = new AggregateError([systemError('ECONNREFUSED'), systemError('ECONNREFUSED')]);
      expect(classifyError(new TypeError('fetch failed', { cause: refused }))).to.equal('retryable');
    });

    it('should classify a TimeoutError by its name (AbortSignal.timeout, got, ky)', () => {
      expect(classifyError(new DOMException('timed out', 'TimeoutError'))).to.equal('retryable');
      class TimeoutError extends Error {
        override name = 'TimeoutError';
      }
      expect(classifyError(new TimeoutError('Request timed out'))).to.equal('retryable');
    });

    it("should classify the SDKs' connection errors, which leave name as Error, by their class", () => {
      class APIConnectionTimeoutError extends Error {}
      class APIConnectionError extends Error {}
      expect(classifyError(new APIConnectionTimeoutError('Request timed out.'))).to.equal('retryable');
      expect(classifyError(new APIConnectionError('Connection error.'))).to.equal('retryable');
    });

    it('should not retry aborts nor bugs that carry a code', () => {
      expect(classifyError(systemError('ERR_CANCELED'))).to.equal('fatal'); // axios, aborted
      expect(classifyError(systemError('UND_ERR_ABORTED'))).to.equal('fatal');
      expect(classifyError(systemError('UND_ERR_INVALID_ARG'))).to.equal('fatal');
      expect(classifyError(systemError('ENOENT'))).to.equal('fatal');
    });

    it('should let a status decide before a code', () => {
      expect(classifyError(Object.assign(systemError('ECONNRESET'), { status: 400 }))).to.equal('permanent');
    });

    it('should stop on a cause chain that loops', () => {
      const a: { cause?: unknown } = {};
      const b = { cause: a };
      a.cause = b;
      expect(classifyError(a)).to.equal('fatal');
      const self: { cause?: unknown } = {};
      self.cause = self;
      expect(classifyError(self)).to.equal('fatal');
    });
  });
});

describe('statusCodeOf', () => {
  it('should read statusCode, else status', () => {
    expect(statusCodeOf(new CapacityError(503))).to.equal(503);
    expect(statusCodeOf({ status: 404 })).to.equal(404);
    expect(statusCodeOf({ statusCode: 502, status: 404 })).to.equal(502);
  });

  it("should read the response's statusCode, else its status, when the error has none", () => {
    expect(statusCodeOf({ response: { statusCode: 429 } })).to.equal(429);
    expect(statusCodeOf({ response: { status: 418 } })).to.equal(418);
    expect(statusCodeOf({ status: 500, response: { status: 418 } })).to.equal(500);
    expect(statusCodeOf({ response: null })).to.equal(undefined);
  });

  it('should skip values that are not integers from 100 to 599', () => {
    expect(statusCodeOf({ statusCode: 'x', status: 418 })).to.equal(418);
    expect(statusCodeOf({ status: 99 })).to.equal(undefined);
    expect(statusCodeOf({ status: 600 })).to.equal(undefined);
    expect(statusCodeOf({ status: 429.5 })).to.equal(undefined);
    expect(statusCodeOf({ status: '429' })).to.equal(undefined);
    expect(statusCodeOf(new RetryableError('x'))).to.equal(undefined);
    expect(statusCodeOf(null)).to.equal(undefined);
    expect(statusCodeOf(429)).to.equal(undefined);
  });
});

describe('retryAfterMsOf', () => {
  it('should prefer a retryAfterMs property', () => {
    const error = Object.assign(new CapacityError(429, undefined, { retryAfterMs: 250 }), {
      headers: { 'retry-after': '10' },
    });
    expect(retryAfterMsOf(error, NOW)).to.equal(250);
  });

  it('should ignore an unusable retryAfterMs and fall back to the headers', () => {
    expect(retryAfterMsOf({ retryAfterMs: -5, headers: { 'retry-after': '2' } }, NOW)).to.equal(2000);
    expect(retryAfterMsOf({ retryAfterMs: NaN }, NOW)).to.equal(undefined);
  });

  it('should read a Headers object', () => {
    const headers = new Headers({ 'Retry-After': '30' });
    expect(retryAfterMsOf({ status: 429, headers }, NOW)).to.equal(30_000);
  });

  it('should read a fetch Response thrown as the error', () => {
    const response = new Response(null, { status: 503, headers: { 'retry-after': '4' } });
    expect(classifyError(response)).to.equal('capacity');
    expect(retryAfterMsOf(response, NOW)).to.equal(4000);
  });

  it('should read a plain record, matching the key case-insensitively', () => {
    expect(retryAfterMsOf({ headers: { 'retry-after': '5' } }, NOW)).to.equal(5000);
    expect(retryAfterMsOf({ headers: { 'Retry-After': '6' } }, NOW)).to.equal(6000);
    expect(retryAfterMsOf({ headers: { 'retry-after': ['7', '8'] } }, NOW)).to.equal(7000);
  });

  it("should read the response's headers when the error has none (got, ky, axios)", () => {
    expect(retryAfterMsOf({ response: { headers: { 'retry-after': '3' } } }, NOW)).to.equal(3000);
    expect(retryAfterMsOf({ response: { headers: new Headers({ 'Retry-After': '2' }) } }, NOW)).to.equal(
      2000,
    );
  });

  it('should prefer a retry-after-ms header (milliseconds, as OpenAI sends it)', () => {
    const headers = new Headers({ 'retry-after-ms': '1250.5', 'retry-after': '2' });
    expect(retryAfterMsOf({ status: 429, headers }, NOW)).to.equal(1250.5);
    expect(retryAfterMsOf({ response: { headers: { 'Retry-After-Ms': 40 } } }, NOW)).to.equal(40);
  });

  it('should fall back to retry-after when retry-after-ms is not a non-negative number', () => {
    for (const bad of ['-5', 'soon', '', '1e3', '+7']) {
      const headers = { 'retry-after-ms': bad, 'retry-after': '1' };
      expect(retryAfterMsOf({ headers }, NOW), bad).to.equal(1000);
    }
  });

  it('should measure an HTTP-date from nowMs', () => {
    const date = new Date(NOW + 45_000).toUTCString();
    expect(retryAfterMsOf({ headers: { 'retry-after': date } }, NOW)).to.equal(45_000);
  });

  it('should return undefined without a usable value', () => {
    expect(retryAfterMsOf(new CapacityError(429), NOW)).to.equal(undefined);
    expect(retryAfterMsOf({ headers: new Headers() }, NOW)).to.equal(undefined);
    expect(retryAfterMsOf({ headers: { 'retry-after': 'later' } }, NOW)).to.equal(undefined);
    expect(retryAfterMsOf({ headers: 'retry-after: 5' }, NOW)).to.equal(undefined);
    expect(retryAfterMsOf('boom', NOW)).to.equal(undefined);
    expect(retryAfterMsOf(undefined, NOW)).to.equal(undefined);
  });
});

describe('errorTypeOf', () => {
  it("should use the error's name", () => {
    expect(errorTypeOf(new CapacityError(429))).to.equal('CapacityError');
    expect(errorTypeOf(new TypeError('x'))).to.equal('TypeError');
    expect(errorTypeOf({ name: 'AbortError' })).to.equal('AbortError');
  });

  it('should fall back to the constructor name, then typeof', () => {
    class Oops {}
    expect(errorTypeOf(new Oops())).to.equal('Oops');
    expect(errorTypeOf({ status: 503 })).to.equal('Object');
    expect(errorTypeOf(Object.create(null))).to.equal('object');
    expect(errorTypeOf('boom')).to.equal('string');
    expect(errorTypeOf(42)).to.equal('number');
    expect(errorTypeOf(undefined)).to.equal('undefined');
    expect(errorTypeOf(null)).to.equal('null');
  });
});
