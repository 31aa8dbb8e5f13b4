import { expect } from 'chai';
import { parseRetryAfter } from '../../lib/errors/parseRetryAfter.js';

// Sun, 06 Nov 1994 08:49:37 GMT, the example date of RFC 9110.
const RFC_DATE_MS = Date.UTC(1994, 10, 6, 8, 49, 37);

describe('parseRetryAfter', () => {
  it('should read delay-seconds as milliseconds', () => {
    expect(parseRetryAfter('120')).to.equal(120_000);
    expect(parseRetryAfter('0')).to.equal(0);
  });

  it('should allow surrounding whitespace', () => {
    expect(parseRetryAfter(' 3 ')).to.equal(3000);
    expect(parseRetryAfter('\t7\r\n')).to.equal(7000);
  });

  it('should read an IMF-fixdate relative to nowMs', () => {
    expect(parseRetryAfter('Sun, 06 Nov 1994 08:49:37 GMT', RFC_DATE_MS - 90_000)).to.equal(90_000);
  });

  it('should read the obsolete RFC 850 and asctime forms', () => {
    const now = RFC_DATE_MS - 5000;
    expect(parseRetryAfter('Sunday, 06-Nov-94 08:49:37 GMT', now)).to.equal(5000);
    expect(parseRetryAfter('Sun Nov  6 08:49:37 1994', now)).to.equal(5000);
  });

  it('should read a two-digit RFC 850 year as the closest century', () => {
    const now = Date.UTC(2025, 0, 1);
    expect(parseRetryAfter('Thursday, 01-Jan-26 00:00:00 GMT', now)).to.equal(Date.UTC(2026, 0, 1) - now);
    // 2094 would be more than 50 years ahead, so it means 1994: past, hence 0.
    expect(parseRetryAfter('Sunday, 06-Nov-94 08:49:37 GMT', now)).to.equal(0);
  });

  it('should match month names and GMT case-insensitively', () => {
    expect(parseRetryAfter('sun, 06 nov 1994 08:49:37 gmt', RFC_DATE_MS)).to.equal(0);
    expect(parseRetryAfter('Sun, 06 Nov 1994 08:49:38 GMT', RFC_DATE_MS)).to.equal(1000);
  });

  it('should clamp a past date to 0', () => {
    expect(parseRetryAfter('Sun, 06 Nov 1994 08:49:37 GMT', RFC_DATE_MS + 3_600_000)).to.equal(0);
  });

  it('should default nowMs to Date.now()', () => {
    const inAMinute = new Date(Date.now() + 60_000).toUTCString();
    const ms = parseRetryAfter(inAMinute);
    expect(ms).to.be.a('number');
    expect(ms).to.be.within(58_000, 60_000);
  });

  for (const bad of [
    '',
    '   ',
    'soon',
    '-1',
    '+3',
    '1.5',
    '1e3',
    '0x10',
    '3 seconds',
    'hello 1', // Date.parse reads this as 2001
    '2025-01-01T00:00:00Z', // ISO 8601 is not an HTTP-date
    'Sun, 06 Nov 1994 08:49:37', // no GMT
    'Sun, 31 Feb 1994 08:49:37 GMT', // no such day
    'Sun, 06 Nov 1994 24:00:00 GMT',
    'Sun, 06 Foo 1994 08:49:37 GMT',
    '9'.repeat(400), // not representable
  ]) {
    it(`should return undefined for ${JSON.stringify(bad.length > 40 ? bad.slice(0, 10) + '…' : bad)}`, () => {
      expect(parseRetryAfter(bad, RFC_DATE_MS)).to.equal(undefined);
    });
  }

  it('should return undefined for null and undefined', () => {
    expect(parseRetryAfter(null)).to.equal(undefined);
    expect(parseRetryAfter(undefined)).to.equal(undefined);
  });
});
