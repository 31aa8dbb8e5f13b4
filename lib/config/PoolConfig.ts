// The pool configuration: one io-ts codec that is also the type (`PoolConfig`), with the
// fields, defaults and rules of DESIGN.md ("Config"). Each field is a branded number, so a
// PoolConfig can only come out of the decoder: code that holds one never re-checks it.
import * as t from 'io-ts';
import { optionsObject, type CrossFieldRule, type OptionsInputOf } from './optionsObject.js';
import { renderValue } from './renderValue.js';

export interface PoolSizeBrand {
  readonly PoolSize: unique symbol;
}
export interface NonNegativeMsBrand {
  readonly NonNegativeMs: unique symbol;
}
export interface PositiveMsBrand {
  readonly PositiveMs: unique symbol;
}
export interface BackoffMultiplierBrand {
  readonly BackoffMultiplier: unique symbol;
}
export interface PositiveSecondsBrand {
  readonly PositiveSeconds: unique symbol;
}

/**
 * A number refined by a predicate, failing with "must be <constraint>". Hand-written rather than
 * t.brand because t.brand fails without a message, and the message is what carries the rule to
 * the user. The predicates below all reject NaN and ±Infinity: NaN slips through every `<`
 * comparison (a NaN delay would silently mean "no delay"), and an infinite delay never fires.
 */
function constrainedNumber<B>(
  name: string,
  constraint: string,
  holds: (n: number) => boolean,
): t.Type<t.Branded<number, B>, number, unknown> {
  const is = (u: unknown): u is t.Branded<number, B> => typeof u === 'number' && holds(u);
  return new t.Type(
    name,
    is,
    (u, c) => (is(u) ? t.success(u) : t.failure(u, c, `must be ${constraint}`)),
    (n) => n,
  );
}

/** Concurrency: an integer ≥ 1 (1 = sequential). */
export const PoolSize = constrainedNumber<PoolSizeBrand>(
  'PoolSize',
  'an integer ≥ 1',
  (n) => Number.isInteger(n) && n >= 1,
);
export type PoolSize = t.TypeOf<typeof PoolSize>;

/** A duration in milliseconds that may be 0 (finite, ≥ 0). */
export const NonNegativeMs = constrainedNumber<NonNegativeMsBrand>(
  'NonNegativeMs',
  'a finite number ≥ 0',
  (n) => Number.isFinite(n) && n >= 0,
);
export type NonNegativeMs = t.TypeOf<typeof NonNegativeMs>;

/** A duration in milliseconds that must be positive (finite, > 0). */
export const PositiveMs = constrainedNumber<PositiveMsBrand>(
  'PositiveMs',
  'a finite number > 0',
  (n) => Number.isFinite(n) && n > 0,
);
export type PositiveMs = t.TypeOf<typeof PositiveMs>;

/** The AIMD multiplicative increase: > 1, or a capacity error would never raise the delay. */
export const BackoffMultiplier = constrainedNumber<BackoffMultiplierBrand>(
  'BackoffMultiplier',
  'a finite number > 1',
  (n) => Number.isFinite(n) && n > 1,
);
export type BackoffMultiplier = t.TypeOf<typeof BackoffMultiplier>;

/** A duration in seconds that must be positive (finite, > 0). */
export const PositiveSeconds = constrainedNumber<PositiveSecondsBrand>(
  'PositiveSeconds',
  'a finite number > 0',
  (n) => Number.isFinite(n) && n > 0,
);
export type PositiveSeconds = t.TypeOf<typeof PositiveSeconds>;

// The fields an AimdThrottle takes too; every cross-field rule is between them.
const delayFields = {
  minDispatchDelayMs: { codec: NonNegativeMs, default: 0 },
  maxDispatchDelayMs: { codec: PositiveMs, default: 5000 },
  backoffMultiplier: { codec: BackoffMultiplier, default: 2 },
  recoveryStepMs: { codec: NonNegativeMs, default: 50 },
};

// Field order is the order problems are reported in and the order of the "known:" list.
const fields = {
  poolSize: { codec: PoolSize, default: 1 },
  ...delayFields,
  maxCapacityRetrySeconds: { codec: PositiveSeconds, default: 3600 },
};

const rules: readonly CrossFieldRule<typeof delayFields>[] = [
  {
    // Reported at the maximum: a minimum above the default maximum is most often fixed by also
    // raising the maximum. Equal is allowed: a fixed delay.
    at: 'maxDispatchDelayMs',
    check: ({ minDispatchDelayMs: min, maxDispatchDelayMs: max }) =>
      min === undefined || max === undefined || max >= min
        ? undefined
        : `must be ≥ minDispatchDelayMs (${renderValue(min)})`,
  },
  {
    // After a capacity error the throttle bootstraps the delay to max(recoveryStep, min). With
    // both at 0 that is 0, and 0 × backoffMultiplier stays 0: the pool would never back off.
    at: 'recoveryStepMs',
    check: ({ minDispatchDelayMs: min, recoveryStepMs: step }) =>
      min === 0 && step === 0
        ? 'must be > 0 when minDispatchDelayMs is 0 (otherwise backoff never starts)'
        : undefined,
  },
];

/** The pool configuration codec: decode unknown input (e.g. parsed YAML/JSON) into a PoolConfig. */
export const PoolConfig = optionsObject('PoolConfig', fields, rules);
/**
 * The same codec for callers that take options beside the config's fields and check those
 * themselves (`Pool` takes `scheduler`, `maxBuffered`…): an unknown key's message names them too.
 */
export function poolConfigWith(otherKeys: readonly string[]): typeof PoolConfig {
  return optionsObject('PoolConfig', fields, rules, otherKeys);
}
/**
 * The delay fields alone, with the same defaults and rules, for `AimdThrottle`: its other options
 * are named among the known ones, and a pool field or a typo given to a throttle is reported.
 */
export const ThrottleConfig = optionsObject('AimdThrottleOptions', delayFields, rules, [
  'oncePerCongestionEvent',
  'recovery',
]);
/** A validated pool configuration: every field present and within its rule. */
export type PoolConfig = t.TypeOf<typeof PoolConfig>;
/** What callers may pass: every field optional; absent or undefined fields take their defaults. */
export type PoolConfigInput = OptionsInputOf<typeof fields>;
