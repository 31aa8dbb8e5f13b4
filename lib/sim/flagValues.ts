// Reading pooled-map-sim's flag values: commander leaves them as strings, checked here strictly
// and reported in pooled-map's form ("`--flag` must be <rule>, received <value>").
import { renderValue } from '../config/renderValue.js';
import type { Rule } from './Problems.js';

/** The flags as commander parsed them: strings, repeated strings, or true for a switch. */
export type Raw = Record<string, string | string[] | boolean | undefined>;

/** `--pool-size` → `poolSize`, as commander names the option's value. */
export const attributeOf = (flag: string): string =>
  flag.slice(2).replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

export function numberFlag(flag: string, raw: Raw, rule: Rule, problems: string[]): number | undefined {
  const text = raw[attributeOf(flag)];
  return typeof text === 'string' ? numberValue(flag, text, rule, problems) : undefined;
}

/** Strict: `Number('')` is 0 and `parseFloat('5x')` is 5, and either would hide a typo. */
export function numberValue(flag: string, text: string, rule: Rule, problems: string[]): number | undefined {
  const value = Number(text);
  const parsed = text.trim() !== '' && Number.isFinite(value);
  if (parsed && rule.ok(value)) return value;
  problems.push(`\`${flag}\` must be ${rule.text}, received ${parsed ? value : renderValue(text)}`);
  return undefined;
}
