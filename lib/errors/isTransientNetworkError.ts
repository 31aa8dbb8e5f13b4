import { isObjectLike } from './isObjectLike.js';

// Failures of the connection rather than of the request: a second attempt may well succeed.
// Node's system errors (net, dns, http) as every Node client reports them, plus the codes the
// clients add: axios' ECONNABORTED for its timeout and ERR_NETWORK in browsers, Node's
// ERR_SOCKET_CONNECTION_TIMEOUT (happy eyeballs), and undici's (fetch's) socket and timeout errors.
// Left out on purpose: aborts (UND_ERR_ABORTED, axios' ERR_CANCELED, AbortError), which are someone's
// decision, and undici's argument errors (UND_ERR_INVALID_ARG…), which are bugs.
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENETRESET',
  'EADDRNOTAVAIL',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
  'ERR_NETWORK',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
]);

// Names of timeout errors: `AbortSignal.timeout`'s DOMException, got's and ky's TimeoutError;
// and the connection errors of the OpenAI and Anthropic SDKs, which carry no code of their own
// (a timeout has no cause to walk to).
const TRANSIENT_NAMES = new Set(['TimeoutError', 'APIConnectionError', 'APIConnectionTimeoutError']);

/** How deep the `cause` chain is followed: clients wrap once or twice; a cycle must not hang us. */
const MAX_DEPTH = 8;

/**
 * Whether `error`, or an error along its `cause` chain (or among an `AggregateError`'s `errors`,
 * as Node reports a connection refused on every address of a host), is a network or timeout
 * failure. fetch, for one, throws `TypeError: fetch failed` with the system error as its cause.
 */
export function isTransientNetworkError(error: unknown, depth = 0): boolean {
  if (!isObjectLike(error) || depth > MAX_DEPTH) return false;
  if (typeof error.code === 'string' && TRANSIENT_CODES.has(error.code)) return true;
  if (TRANSIENT_NAMES.has(nameOf(error))) return true;
  if (Array.isArray(error.errors) && error.errors.some((e) => isTransientNetworkError(e, depth + 1))) {
    return true;
  }
  return error.cause !== error && isTransientNetworkError(error.cause, depth + 1);
}

/** `name`, or the constructor's name for classes that leave `name` as "Error" (the SDKs'). */
function nameOf(error: Record<string, unknown>): string {
  const name = typeof error.name === 'string' ? error.name : '';
  if (name !== '' && name !== 'Error') return name;
  const ctor: unknown = error.constructor;
  return typeof ctor === 'function' ? ctor.name : name;
}
