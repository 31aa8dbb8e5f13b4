// The library's own `Either` values. fp-ts is imported as types only: a runtime import of
// `fp-ts/lib/Either.js` pulled fp-ts's CommonJS build into browser bundles, beside the ES build
// io-ts brings, for four one-line functions. The objects are shaped exactly as fp-ts makes them
// (`{ _tag: 'Left', left }` / `{ _tag: 'Right', right }`), so fp-ts's `isRight`, `fold`, `match`
// and the rest work on them, and io-ts's decode results can be read here without fp-ts.
import type { Either, Left, Right } from 'fp-ts/lib/Either.js';

export const left = <E>(value: E): Either<E, never> => ({ _tag: 'Left', left: value });

export const right = <A>(value: A): Either<never, A> => ({ _tag: 'Right', right: value });

export const isLeft = <E, A>(either: Either<E, A>): either is Left<E> => either._tag === 'Left';

export const isRight = <E, A>(either: Either<E, A>): either is Right<A> => either._tag === 'Right';
