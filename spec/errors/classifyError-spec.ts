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
    ['a plain { status: 500 }', { status: 500 }, 'fatal'],
    ['a plain { status: "429" }', { status: '429' }, 'fatal'],
    ['a TypeError', new TypeError('x is undefined'), 'fatal'],
    ['a string', 'boom', 'fatal'],
    ['null', null, 'fatal'],
    ['undefined', undefined, 'fatal'],
  ];
  for (const [label, error, kind] of table) {
    it(`should classify ${label} as ${kind}`, () => expect(classifyError(error)).to.equal(kind));
  }
});

describe('statusCodeOf', () => {
  it('should read statusCode, else status', () => {
    expect(statusCodeOf(new CapacityError(503))).to.equal(503);
    expect(statusCodeOf({ status: 404 })).to.equal(404);
    expect(statusCodeOf({ statusCode: 502, status: 404 })).to.equal(502);
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

  it('should measure an HTTP-date from nowMs', () => {
    const date = new Date(NOW + 45_000).toUTCString();
    expect(retryAfterMsOf({ headers: { 'retry-after': date } }, NOW)).to.equal(45_000);
  });

  it('should return undefined without a usable value', () => {
    expect(retryAfterMsOf(new CapacityError(429), NOW)).to.equal(undefined);
    expect(retryAfterMsOf({ headers: new Headers() }, NOW)).to.equal(undefined);
    expect(retryAfterMsOf({ headers: { 'retry-after': 'later' } }, NOW)).to.equal(undefined);
    expect(retryAfterMsOf({ headers: { 'retry-after': 5 } }, NOW)).to.equal(undefined);
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
