/**
 * True for the HTTP statuses that mean "slow down": 429 Too Many Requests, 503 Service
 * Unavailable and 529 (Anthropic's "overloaded"). Numbers only; "429" as a string is false.
 */
export function isCapacityStatus(code: unknown): boolean {
  return code === 429 || code === 503 || code === 529;
}
