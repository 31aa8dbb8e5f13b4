/** The headers an error carries: `error.headers`, else `error.response.headers` (axios, got, ky). */
export function headersOf(error: unknown): unknown {
  if (!isObjectLike(error)) return undefined;
  if (error.headers !== undefined) return error.headers;
  const response = error.response;
  return isObjectLike(response) ? response.headers : undefined;
}

/**
 * One header's value from a `Headers`-like object with `get()` (fetch, axios' AxiosHeaders) or a
 * plain record (matched case-insensitively; an array value, as in Node's `IncomingHttpHeaders`,
 * gives its first element). `undefined` when absent.
 */
export function headerValue(headers: unknown, name: string): string | undefined {
  if (!isObjectLike(headers)) return undefined;
  let value: unknown;
  if (typeof headers.get === 'function') {
    value = (headers.get as (key: string) => unknown).call(headers, name);
  } else {
    const wanted = name.toLowerCase();
    const key = Object.keys(headers).find((k) => k.toLowerCase() === wanted);
    value = key === undefined ? undefined : headers[key];
  }
  if (Array.isArray(value)) value = value[0];
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' ? value : undefined;
}

function isObjectLike(value: unknown): value is Record<string, unknown> {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}
