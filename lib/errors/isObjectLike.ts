/** Whether `value` may carry properties: errors are often plain objects, sometimes functions. */
export function isObjectLike(value: unknown): value is Record<string, unknown> {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}
