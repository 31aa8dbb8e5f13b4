// What an HTTP answer means to the pool, as one of the package's error classes (or undefined for
// a success): the pool's default `classifyError` then retries, backs off or fails the row.
import { CapacityError } from '../errors/CapacityError.js';
import { isCapacityStatus } from '../errors/isCapacityStatus.js';
import { PermanentError } from '../errors/PermanentError.js';
import { RetryableError } from '../errors/RetryableError.js';

/** The parts of a fetch `Response` the classification reads (a plain object works in tests). */
export interface ResponseHead {
  readonly status: number;
  readonly statusText?: string;
  readonly headers: { get(name: string): string | null };
}

/** How much of an error body goes into the message: enough to explain, never a whole page. */
const BODY_EXCERPT = 300;

/**
 * Maps an answer to the error the pool should see, or undefined when it is a success:
 *
 * | status                   | error                                         | the pool…              |
 * | ------------------------ | --------------------------------------------- | ---------------------- |
 * | 2xx                      | none (success)                                | emits the response     |
 * | 429, 503, 529            | `CapacityError` with the response's headers   | retries, slows down    |
 * | 408, other 5xx           | `RetryableError`                              | retries, same pace     |
 * | other 4xx, 1xx, 3xx      | `PermanentError`                              | fails the row at once  |
 *
 * 408 (Request Timeout) is retryable although it is a 4xx: the server says the request took too
 * long to arrive, which a second attempt may well fix. A 3xx is not followed (httpProject's
 * node:http never follows redirects; fetch hands on only one it could not follow), so there is
 * no result to use.
 *
 * @param body the answer's text, quoted (shortened) in the message so a failed entry explains itself
 */
export function classifyResponse(response: ResponseHead, body = ''): Error | undefined {
  const { status } = response;
  if (status >= 200 && status <= 299) return undefined;
  const message = describe(response, body);
  if (isCapacityStatus(status)) {
    // The headers, not a wait read from them: the pool reads Retry-After at its one-second
    // resolution (and the rate-limit headers) itself.
    return new CapacityError(status, message, { headers: response.headers });
  }
  if (status === 408 || (status >= 500 && status <= 599)) {
    return new RetryableError(message, { statusCode: status });
  }
  return new PermanentError(message, { statusCode: status });
}

function describe({ status, statusText }: ResponseHead, body: string): string {
  const head = `HTTP ${status}${statusText ? ` ${statusText}` : ''}`;
  const text = body.trim().replace(/\s+/g, ' ');
  if (text === '') return head;
  return `${head}: ${text.length <= BODY_EXCERPT ? text : `${text.slice(0, BODY_EXCERPT - 1)}…`}`;
}
