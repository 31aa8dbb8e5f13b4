// RFC 9110 §10.2.3: Retry-After = HTTP-date / delay-seconds, where delay-seconds = 1*DIGIT.
// Matching is strict on purpose. `Date.parse` accepts strings such as "1.5" or "hello 1" (it
// reads them as dates in 2001), which would turn a malformed header into a decades-long cooldown;
// the caller is better served by `undefined`, which leaves the AIMD delay in charge.

const DELAY_SECONDS = /^\d+$/;
// The three HTTP-date forms recipients must accept (RFC 9110 §5.6.7), case-insensitively.
const IMF_FIXDATE =
  /^(?:mon|tue|wed|thu|fri|sat|sun), (\d{2}) ([a-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) gmt$/i;
const RFC850_DATE =
  /^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday), (\d{2})-([a-z]{3})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) gmt$/i;
const ASCTIME_DATE =
  /^(?:mon|tue|wed|thu|fri|sat|sun) ([a-z]{3}) ((?: |\d)\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/i;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * Reads an HTTP `Retry-After` value as a wait in milliseconds.
 *
 * - delay-seconds (`"120"`, surrounding whitespace allowed) → seconds × 1000.
 * - an HTTP-date (IMF-fixdate, RFC 850 or asctime form) → ms from `nowMs` until that date,
 *   0 when the date is already past.
 * - anything else → `undefined`: empty, negative (`"-1"`), signed (`"+3"`), decimal (`"1.5"`,
 *   which RFC 9110 does not allow), a date with a weekday name but impossible fields, or a
 *   number too large to represent.
 *
 * `nowMs` defaults to `Date.now()`; pass wall-clock time, since HTTP-dates are wall-clock dates.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  nowMs: number = Date.now(),
): number | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (DELAY_SECONDS.test(text)) return finiteOrUndefined(Number(text) * 1000);
  const dateMs = parseHttpDate(text, nowMs);
  return dateMs === undefined ? undefined : finiteOrUndefined(Math.max(0, dateMs - nowMs));
}

function parseHttpDate(text: string, nowMs: number): number | undefined {
  let m = IMF_FIXDATE.exec(text);
  if (m) return utcMs(Number(m[3]), m[2], Number(m[1]), m[4], m[5], m[6]);
  m = RFC850_DATE.exec(text);
  if (m) return utcMs(fullYearOf(Number(m[3]), nowMs), m[2], Number(m[1]), m[4], m[5], m[6]);
  m = ASCTIME_DATE.exec(text);
  if (m) return utcMs(Number(m[6]), m[1], Number(m[2]), m[3], m[4], m[5]);
  return undefined;
}

// RFC 9110: a two-digit year that looks more than 50 years ahead means the previous century.
function fullYearOf(twoDigitYear: number, nowMs: number): number {
  const nowYear = new Date(nowMs).getUTCFullYear();
  let year = Math.floor(nowYear / 100) * 100 + twoDigitYear;
  if (year > nowYear + 50) year -= 100;
  else if (year + 100 <= nowYear + 50) year += 100;
  return year;
}

function utcMs(
  year: number,
  monthName: string | undefined,
  day: number,
  hour: string | undefined,
  minute: string | undefined,
  second: string | undefined,
): number | undefined {
  const month = MONTHS.indexOf((monthName ?? '').toLowerCase());
  const [h, min, s] = [Number(hour), Number(minute), Number(second)];
  // Second 60 is a leap second; it simply rolls into the next minute.
  if (month < 0 || h > 23 || min > 59 || s > 60) return undefined;
  // setUTCFullYear, not Date.UTC, which maps years 0–99 to 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  // Reject day overflow such as 31 Feb instead of letting it roll into March.
  if (date.getUTCMonth() !== month || date.getUTCDate() !== day) return undefined;
  return date.getTime() + ((h * 60 + min) * 60 + s) * 1000;
}

function finiteOrUndefined(ms: number): number | undefined {
  return Number.isFinite(ms) ? ms : undefined;
}
