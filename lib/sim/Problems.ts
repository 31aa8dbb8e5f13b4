// Validation helpers: numeric rules with the wording used in error messages, and a collector of
// problems that reports all of them in one error naming each option, its rule and the value.
import { inspect } from 'node:util';

export interface Rule {
  text: string;
  ok: (n: number) => boolean;
}
export const positive: Rule = { text: 'a finite number > 0', ok: (n) => n > 0 };
export const nonNegative: Rule = { text: 'a finite number >= 0', ok: (n) => n >= 0 };
export const atLeastOne: Rule = { text: 'a finite number >= 1', ok: (n) => n >= 1 };
export const probability: Rule = { text: 'a probability from 0 to 1', ok: (n) => n >= 0 && n <= 1 };
export const integerFrom = (min: number, max: number): Rule => ({
  text: max === Infinity ? `an integer >= ${min}` : `an integer from ${min} to ${max}`,
  ok: (n) => Number.isInteger(n) && n >= min && n <= max,
});

export type Fields = Record<string, unknown>;
export const show = (value: unknown): string => inspect(value, { depth: 2, breakLength: Infinity });
export const isObject = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Collects problems; a wrong type makes the final error a TypeError, a bad value a RangeError. */
export class Problems {
  readonly list: string[] = [];
  typeProblem = false;

  add(isType: boolean, text: string): void {
    this.list.push(text);
    this.typeProblem ||= isType;
  }

  /** The value if valid, undefined if absent (or invalid: the problem is recorded). */
  number(name: string, value: unknown, rule: Rule, required = false): number | undefined {
    if (value === undefined && !required) return undefined;
    if (typeof value === 'number' && Number.isFinite(value) && rule.ok(value)) return value;
    this.add(typeof value !== 'number', `${name} must be ${rule.text} (received ${show(value)})`);
    return undefined;
  }

  boolean(name: string, value: unknown): boolean | undefined {
    if (value === undefined || typeof value === 'boolean') return value;
    this.add(true, `${name} must be a boolean (received ${show(value)})`);
    return undefined;
  }

  /** A misspelt option would otherwise be ignored silently and the default used instead. */
  unknownKeys(prefix: string, fields: Fields, known: readonly string[]): void {
    for (const key of Object.keys(fields)) {
      if (!known.includes(key)) {
        this.add(true, `${prefix}${key} is not a known option (known: ${known.join(', ')})`);
      }
    }
  }

  /** Throws every problem at once, or returns if there are none. */
  throwIfAny(context: string): void {
    if (this.list.length === 0) return;
    const message =
      this.list.length === 1
        ? `${context}: ${this.list[0]}`
        : `${context}: ${this.list.length} invalid options:\n  - ${this.list.join('\n  - ')}`;
    throw this.typeProblem ? new TypeError(message) : new RangeError(message);
  }
}
