import { expect } from 'chai';
import { AxiosHeaders } from 'axios';
import { headersOf, headerValue } from '../../lib/errors/headerValue.js';

describe('headerValue', () => {
  it('should read a fetch Headers object, whatever the case of the name', () => {
    const headers = new Headers({ 'Retry-After': '30', 'x-ratelimit-remaining-requests': '0' });
    expect(headerValue(headers, 'retry-after')).to.equal('30');
    expect(headerValue(headers, 'X-RateLimit-Remaining-Requests')).to.equal('0');
    expect(headerValue(headers, 'ratelimit')).to.equal(undefined);
  });

  it("should read axios' AxiosHeaders", () => {
    const headers = new AxiosHeaders({ 'Retry-After': '4', 'RateLimit-Remaining': 7 });
    expect(headerValue(headers, 'retry-after')).to.equal('4');
    expect(headerValue(headers, 'ratelimit-remaining')).to.equal('7');
    expect(headerValue(headers, 'absent')).to.equal(undefined);
  });

  it('should match the keys of a plain record case-insensitively', () => {
    expect(headerValue({ 'retry-after': '5' }, 'Retry-After')).to.equal('5');
    expect(headerValue({ 'Retry-After': '6' }, 'retry-after')).to.equal('6');
  });

  it('should take the first element of an array value, and the decimal string of a number', () => {
    expect(headerValue({ 'retry-after': ['7', '8'] }, 'retry-after')).to.equal('7');
    expect(headerValue({ 'retry-after': 9 }, 'retry-after')).to.equal('9');
    expect(headerValue({ 'retry-after': [10] }, 'retry-after')).to.equal('10');
  });

  it('should give undefined for values that are no header text', () => {
    expect(headerValue({ 'retry-after': null }, 'retry-after')).to.equal(undefined);
    expect(headerValue({ 'retry-after': {} }, 'retry-after')).to.equal(undefined);
    expect(headerValue({ 'retry-after': [] }, 'retry-after')).to.equal(undefined);
    expect(headerValue({ 'retry-after': NaN }, 'retry-after')).to.equal(undefined);
    expect(headerValue(new Map([['retry-after', true]]), 'retry-after')).to.equal(undefined);
    expect(headerValue('retry-after: 5', 'retry-after')).to.equal(undefined);
    expect(headerValue(undefined, 'retry-after')).to.equal(undefined);
  });
});

describe('headersOf', () => {
  it("should take the error's own headers first (the OpenAI and Anthropic SDKs)", () => {
    const own = new Headers();
    expect(headersOf({ headers: own, response: { headers: {} } })).to.equal(own);
  });

  it("should fall back to the response's headers (got, ky, axios)", () => {
    const headers = { 'retry-after': '1' };
    expect(headersOf({ response: { headers } })).to.equal(headers);
    expect(headersOf({ headers: null, response: { headers } })).to.equal(headers);
  });

  it('should give undefined when there are none', () => {
    expect(headersOf({})).to.equal(undefined);
    expect(headersOf({ response: 'x' })).to.equal(undefined);
    expect(headersOf(null)).to.equal(undefined);
    expect(headersOf('error')).to.equal(undefined);
  });
});
