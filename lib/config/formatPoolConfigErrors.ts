// Turns io-ts decode errors into one line per problem, all with one template:
//
//   `<path>` <constraint>, received <value>
//
// e.g. "`poolSize` must be an integer ≥ 1, received 1.5". The constraint is the message the codec
// attached with t.failure, so the rule is written once, next to its check; the path comes from
// the io-ts context, so nesting the codec inside a larger one yields "pool.poolSize" for free.
import type * as t from 'io-ts';
import { renderKey, renderValue } from './renderValue.js';

/**
 * @param pathPrefix where the config sits in a larger document (e.g. "pool" gives
 *   "`pool.poolSize` must …"); omit it when the config is decoded on its own.
 */
export function formatPoolConfigErrors(errors: t.Errors, pathPrefix?: string): string[] {
  return errors.map((error) => formatOne(error, pathPrefix));
}

function formatOne(error: t.ValidationError, pathPrefix: string | undefined): string {
  const { context, message, value } = error;
  const root = context[0];
  const last = context[context.length - 1];
  // The root entry has the empty key; only the entries below it name a place in the input.
  const segments = context.slice(1).map((entry) => entry.key);
  const path = joinPath(pathPrefix ?? '', segments) || root?.type.name || 'value';
  // Messages from codecs outside this module may be missing: fall back to the codec's name.
  const constraint = message ?? `must be ${last?.type.name ?? 'valid'}`;
  // A cross-field rule can fail on a defaulted field: the raw input (kept in the context) is
  // undefined while the value judged is the default. Say so, or "received 5000" for an option the
  // user never wrote would be a puzzle.
  const defaulted = last !== undefined && last.actual === undefined && value !== undefined;
  return `\`${path}\` ${constraint}, received ${renderValue(value)}${defaulted ? ' (the default)' : ''}`;
}

function joinPath(prefix: string, segments: readonly string[]): string {
  let path = prefix;
  for (const key of segments) {
    if (key === '') continue;
    if (/^(0|[1-9]\d*)$/.test(key)) path += `[${key}]`;
    else {
      const rendered = renderKey(key);
      path += rendered.startsWith('"') ? `[${rendered}]` : path === '' ? rendered : `.${rendered}`;
    }
  }
  return path;
}
