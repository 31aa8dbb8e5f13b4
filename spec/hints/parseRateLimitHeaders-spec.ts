import { expect } from 'chai';
import { parseRateLimitHeaders } from '../../lib/hints/parseRateLimitHeaders.js';

const NOW = Date.UTC(2026, 11, 2, 12, 0, 0);

describe('parseRateLimitHeaders', () => {
  it('should read IETF draft-7 (express-rate-limit standardHeaders: draft-7)', () => {
    const headers = { 'RateLimit-Policy': '50;w=1', RateLimit: 'limit=50, remaining=49, reset=1' };
    expect(parseRateLimitHeaders(headers, NOW)).to.deep.equal({
      quota: 50,
      windowMs: 1000,
      remaining: 49,
      resetMs: 1000,
      resolutionMs: 1000,
    });
  });

  it('should read IETF draft-8 with several limits, keeping the most constraining', () => {
    const headers = new Headers();
    headers.append('RateLimit-Policy', '"short"; q=10; w=1; pk=:abc:');
    headers.append('RateLimit-Policy', '"long"; q=300; w=60; pk=:abc:');
    headers.append('RateLimit', '"short"; r=9; t=1');
    headers.append('RateLimit', '"long"; r=2; t=40');
    expect(parseRateLimitHeaders(headers, NOW)).to.deep.equal({
      quota: 300, // 300 per minute (5 per second) binds more than 10 per second…
      windowMs: 60_000,
      remaining: 2, // …but two requests left for 40 s bind more than nine for one second.
      resetMs: 40_000,
      resolutionMs: 1000,
    });
  });

  it('should read IETF draft-6 fields', () => {
    const headers = {
      'ratelimit-policy': '100;w=60',
      'ratelimit-limit': '100',
      'ratelimit-remaining': '0',
      'ratelimit-reset': '12',
    };
    expect(parseRateLimitHeaders(headers, NOW)).to.deep.equal({
      quota: 100,
      windowMs: 60_000,
      remaining: 0,
      resetMs: 12_000,
      resolutionMs: 1000,
    });
  });

  it('should read X-RateLimit-* with a delay in seconds or a Unix time', () => {
    expect(
      parseRateLimitHeaders(
        { 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '5', 'x-ratelimit-reset': '30' },
        NOW,
      ),
    ).to.deep.equal({ quota: 60, remaining: 5, resetMs: 30_000, resolutionMs: 1000 });
    const unix = String(NOW / 1000 + 90);
    expect(
      parseRateLimitHeaders({ 'x-ratelimit-remaining': '5', 'x-ratelimit-reset': unix }, NOW),
    ).to.deep.equal({
      remaining: 5,
      resetMs: 90_000,
      resolutionMs: 1000,
    });
  });

  it("should read OpenAI's request headers with Go durations, to the millisecond", () => {
    const headers = {
      'x-ratelimit-limit-requests': '5000',
      'x-ratelimit-remaining-requests': '4999',
      'x-ratelimit-reset-requests': '12ms',
    };
    expect(parseRateLimitHeaders(headers, NOW)).to.deep.equal({
      quota: 5000,
      remaining: 4999,
      resetMs: 12,
      resolutionMs: 0,
    });
    expect(parseRateLimitHeaders({ 'x-ratelimit-reset-requests': '6m0s' }, NOW)).to.include({
      resetMs: 360_000,
    });
    expect(parseRateLimitHeaders({ 'x-ratelimit-reset-requests': '1m2.5s' }, NOW)).to.include({
      resetMs: 62_500,
    });
  });

  it('should read headers from an array-valued record and from a get() object', () => {
    expect(parseRateLimitHeaders({ 'x-ratelimit-remaining': ['3'] }, NOW)).to.include({ remaining: 3 });
    const getter = { get: (name: string) => (name === 'ratelimit-policy' ? '5;w=10' : null) };
    expect(parseRateLimitHeaders(getter, NOW)).to.deep.equal({ quota: 5, windowMs: 10_000, resolutionMs: 0 });
  });

  it('should return undefined without rate-limit headers, and skip malformed values', () => {
    expect(parseRateLimitHeaders({ 'content-type': 'application/json' }, NOW)).to.equal(undefined);
    expect(parseRateLimitHeaders(undefined, NOW)).to.equal(undefined);
    expect(parseRateLimitHeaders({ 'ratelimit-policy': 'many;w=soon' }, NOW)).to.equal(undefined);
    expect(parseRateLimitHeaders({ 'x-ratelimit-reset-requests': '1 minute' }, NOW)).to.equal(undefined);
    expect(parseRateLimitHeaders({ 'x-ratelimit-remaining': '-1' }, NOW)).to.equal(undefined);
  });
});
