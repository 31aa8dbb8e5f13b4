import { renderValue } from '../config/renderValue.js';

/**
 * The error for a bad argument to an operator factory, thrown when the operator is created (not
 * when the first value arrives), in the package's one template: argument, constraint, value.
 */
export function argumentError(name: string, constraint: string, value: unknown): TypeError {
  return new TypeError(`\`${name}\` must be ${constraint}, received ${renderValue(value)}`);
}
