// A codec for an options object: every field optional with a default, unknown keys rejected,
// and cross-field rules, all reported together in one pass.
//
// Why not t.type / t.exact / t.strict: t.exact and t.strict silently strip unknown keys, so a
// typo such as `poolsize: 8` would quietly run with the default pool size. And t.type returns
// no partial result when one field fails, so a cross-field rule chained after it (t.refinement,
// chain) could not run, and the user would fix one problem per attempt instead of seeing all.
import * as t from 'io-ts';
import { nearestName } from './nearestName.js';
import { isLeft, isRight } from '../internal/either.js';

/** One option: its codec, and the raw value used when the option is absent (or undefined). */
export interface OptionField<C extends t.Mixed = t.Mixed> {
  readonly codec: C;
  readonly default: t.OutputOf<C>;
}

export type OptionFields = Record<string, OptionField>;

/** The decoded options: every field present, carrying its codec's (branded) type. */
export type OptionsOf<F extends OptionFields> = { readonly [K in keyof F]: t.TypeOf<F[K]['codec']> };

/** The accepted input: every field optional, plain (unbranded) values. */
export type OptionsInputOf<F extends OptionFields> = { readonly [K in keyof F]?: t.OutputOf<F[K]['codec']> };

/** The encoded form: every field present, plain values. */
export type OptionsOutputOf<F extends OptionFields> = { [K in keyof F]: t.OutputOf<F[K]['codec']> };

/** A rule between fields, reported at `at` (the field a user should most likely change). */
export interface CrossFieldRule<F extends OptionFields> {
  readonly at: keyof F & string;
  /**
   * Receives only the fields that decoded on their own (the others are absent), so a rule never
   * piles a second, derived complaint on a field that is already reported as invalid. Returns the
   * violated constraint ("must be …") or undefined when the rule holds or cannot be judged.
   */
  readonly check: (valid: Partial<OptionsOf<F>>) => string | undefined;
}

/**
 * @param otherKeys options that sit beside these fields and that the caller checks itself (such as
 *   a `Pool`'s `scheduler`): not reported as unknown, and named with the known keys, so that a
 *   slip such as `maxbuffered` is pointed to the right option.
 */
export function optionsObject<F extends OptionFields>(
  name: string,
  fields: F,
  rules: readonly CrossFieldRule<F>[] = [],
  otherKeys: readonly string[] = [],
): t.Type<OptionsOf<F>, OptionsOutputOf<F>, unknown> {
  const keys = Object.keys(fields) as (keyof F & string)[];
  const allKeys = [...keys, ...otherKeys];
  const known = new Set<string>(allKeys);

  const unknownKeyMessage = (key: string): string => {
    // A slip of case (`poolsize`), separators (`pool_size`) or a letter or two (`maxBufferd`):
    // naming the intended key saves a lookup, in code as in a config file.
    const intended = nearestName(key, allKeys);
    const hint = intended === undefined ? '' : `did you mean ${intended}? `;
    return `is not a known option (${hint}known: ${allKeys.join(', ')})`;
  };

  const validate = (input: unknown, c: t.Context): t.Validation<OptionsOf<F>> => {
    // `undefined` means "no options given": every field takes its default. null does not: it is
    // more often a mistake (an empty YAML section) than a deliberate choice, so it is reported.
    const u = input === undefined ? {} : input;
    if (!isPlainRecord(u)) {
      return t.failure(input, c, `must be an object of options (or undefined for all defaults)`);
    }
    // Problems are grouped per field, in field order, so a field's own error and a cross-field
    // error reported at it read together; unknown keys come last.
    const errorsAt = new Map<string, t.ValidationError[]>(keys.map((key) => [key, []]));
    const valid: Record<string, unknown> = {};
    for (const key of keys) {
      const { codec, default: fallback } = fields[key]!;
      const raw = u[key];
      // The context keeps the raw value, so a message can tell a default from a given value.
      const result = codec.validate(raw === undefined ? fallback : raw, t.appendContext(c, key, codec, raw));
      if (isLeft(result)) errorsAt.get(key)!.push(...result.left);
      else valid[key] = result.right;
    }
    const partial = valid as Partial<OptionsOf<F>>;
    for (const rule of rules) {
      const message = rule.check(partial);
      if (message === undefined) continue;
      const context = t.appendContext(c, rule.at, fields[rule.at]!.codec, u[rule.at]);
      errorsAt.get(rule.at)!.push({ value: valid[rule.at], context, message });
    }
    const errors = [...errorsAt.values()].flat();
    for (const key of Object.keys(u)) {
      if (known.has(key)) continue;
      errors.push({
        value: u[key],
        context: t.appendContext(c, key, t.never, u[key]),
        message: unknownKeyMessage(key),
      });
    }
    return errors.length > 0 ? t.failures(errors) : t.success(valid as OptionsOf<F>);
  };

  const codec: t.Type<OptionsOf<F>, OptionsOutputOf<F>, unknown> = new t.Type(
    name,
    // A decoded value has every field present; with all present, no default is applied, so a
    // successful validation proves the value already is an OptionsOf<F>.
    (u): u is OptionsOf<F> =>
      isPlainRecord(u) &&
      keys.every((key) => u[key] !== undefined) &&
      isRight(validate(u, [{ key: '', type: codec, actual: u }])),
    validate,
    (options) => {
      const out: Record<string, unknown> = {};
      for (const key of keys) out[key] = fields[key]!.codec.encode(options[key]);
      return out as OptionsOutputOf<F>;
    },
  );
  return codec;
}

/**
 * An object literal (or null-prototype / class-instance object), not an array, Map, Date…:
 * t.UnknownRecord accepts a Map, whose entries are not its keys, so a Map of options would
 * silently decode to all defaults.
 */
export function isPlainRecord(u: unknown): u is Record<string, unknown> {
  return Object.prototype.toString.call(u) === '[object Object]';
}
