import { renderValue } from '../config/renderValue.js';

/**
 * The `signal` option's rule: undefined when `value` is absent or an AbortSignal. Duck-typed, not
 * `instanceof`: a signal from another realm (a test environment, an iframe, a polyfill) is one too.
 */
export function signalProblem(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const candidate = value as Partial<AbortSignal> | null;
  const isSignal =
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.aborted === 'boolean' &&
    typeof candidate.addEventListener === 'function' &&
    typeof candidate.removeEventListener === 'function';
  return isSignal ? undefined : `\`signal\` must be an AbortSignal, received ${renderValue(value)}`;
}
