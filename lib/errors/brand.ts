// The package's error classes are recognised by a brand registered with `Symbol.for`, not by
// `instanceof`. An app can load two copies of this package (its CommonJS and its ES module build,
// or two versions through different dependencies); each copy has its own classes, so with
// `instanceof` a `RetryableError` made with one copy was fatal to the other's classifier.
// `Symbol.for` returns the same symbol in every copy (and every realm), so the brand is shared.

/** The classes that carry a brand: the three whose meaning the default classification reads. */
export type BrandedErrorName = 'CapacityError' | 'RetryableError' | 'PermanentError';

const BRANDS: Record<BrandedErrorName, symbol> = {
  CapacityError: Symbol.for('rxjs-pooled-map.CapacityError'),
  RetryableError: Symbol.for('rxjs-pooled-map.RetryableError'),
  PermanentError: Symbol.for('rxjs-pooled-map.PermanentError'),
};

/** Whether `value` is an instance of the named class from any copy of the package. */
export function hasBrand(value: unknown, name: BrandedErrorName): boolean {
  return (
    ((typeof value === 'object' && value !== null) || typeof value === 'function') &&
    (value as Record<symbol, unknown>)[BRANDS[name]] === true
  );
}

/**
 * Marks `ctor`'s instances with the brand (on the prototype, so it is in no own keys and no
 * deep-equal), and makes `x instanceof ctor` read it, so users' `instanceof` works across copies
 * too. A user's subclass keeps the ordinary prototype-chain test: an instance of the base class
 * is not an instance of the subclass.
 */
export function brandClass(ctor: abstract new (...args: never[]) => object, name: BrandedErrorName): void {
  Object.defineProperty(ctor.prototype, BRANDS[name], { value: true });
  Object.defineProperty(ctor, Symbol.hasInstance, {
    value(this: unknown, value: unknown): boolean {
      if (this === ctor) return hasBrand(value, name);
      return Function.prototype[Symbol.hasInstance].call(this, value);
    },
  });
}
