/**
 * True for the capacity statuses that mean "too much in hand" rather than "too many per second":
 * 503 Service Unavailable and 529 (Anthropic's "overloaded"). The pool answers them with fewer
 * calls at once (ConcurrencyCap) instead of a slower pace. Numbers only, as `isCapacityStatus`.
 */
export function isOverloadStatus(code: unknown): boolean {
  return code === 503 || code === 529;
}
