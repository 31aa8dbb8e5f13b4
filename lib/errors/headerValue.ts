// Response headers as the HTTP clients hand them over on their errors: a fetch `Headers` (fetch,
// ky, the OpenAI and Anthropic SDKs), axios' `AxiosHeaders`, a plain record such as Node's
// `IncomingHttpHeaders` (got, node:http) or a hand-made object in a test.
import { isObjectLike } from './isObjectLike.js';

/** The headers an error carries: `error.headers`, else `error.response.headers`. */
export function headersOf(error: unknown): unknown {
  if (!isObjectLike(error)) return undefined;
  if (error.headers !== undefined && error.headers !== null) return error.headers;
  const { response } = error;
  return isObjectLike(response) ? response.headers : undefined;
}

/**
 * One header's value as a string, or undefined when absent. `headers` may have a `get(name)`
 * method (`Headers`, `AxiosHeaders`) or be a plain record, whose keys are matched
 * case-insensitively. An array value (a repeated header in Node's records) gives its first
 * element; a number gives its decimal string.
 */
export function headerValue(headers: unknown, name: string): string | undefined {
  if (!isObjectLike(headers)) return undefined;
  if (typeof headers.get === 'function') {
    return asText((headers.get as (name: string) => unknown).call(headers, name));
  }
  const wanted = name.toLowerCase();
  const key = Object.keys(headers).find((k) => k.toLowerCase() === wanted);
  return key === undefined ? undefined : asText(headers[key]);
}

function asText(value: unknown): string | undefined {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  if (typeof first === 'string') return first;
  if (typeof first === 'number' && Number.isFinite(first)) return String(first);
  return undefined;
}
