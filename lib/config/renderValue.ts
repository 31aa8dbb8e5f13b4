// Renders a received value for a config error message. JSON.stringify is not enough: it turns
// NaN and ±Infinity into `null`, drops `undefined` and cannot tell the string "3" from the
// number 3 once it is embedded in prose, and a user debugging a config needs exactly those
// distinctions. Output is always one line and bounded, so one problem stays one line.

const MAX_LENGTH = 80;
const MAX_DEPTH = 2;
const MAX_ENTRIES = 5;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

export function renderValue(value: unknown): string {
  const text = render(value, 0);
  return text.length <= MAX_LENGTH ? text : `${text.slice(0, MAX_LENGTH - 1)}…`;
}

/** An object key as it would be written in source: bare when it is an identifier, else quoted. */
export function renderKey(key: string): string {
  return IDENTIFIER.test(key) ? key : JSON.stringify(key);
}

function render(value: unknown, depth: number): string {
  switch (typeof value) {
    case 'number':
      // String(-0) is "0"; keep the sign so "received -0" is not mistaken for a valid 0.
      return Object.is(value, -0) ? '-0' : String(value);
    case 'string':
      // Quoted and escaped: the string "3" must not read like the number 3, and a newline
      // inside it must not break the one-problem-per-line layout.
      return JSON.stringify(value);
    case 'bigint':
      return `${value}n`;
    case 'symbol':
      // The description is quoted like a string, so a newline in it cannot break the line.
      return value.description === undefined ? 'Symbol()' : `Symbol(${JSON.stringify(value.description)})`;
    case 'undefined':
    case 'boolean':
      return String(value);
    case 'function':
      return value.name ? `[function ${value.name}]` : '[function]';
    case 'object':
      return value === null ? 'null' : renderObject(value, depth);
    default:
      return String(value);
  }
}

function renderObject(value: object, depth: number): string {
  if (Array.isArray(value)) {
    if (depth >= MAX_DEPTH) return value.length === 0 ? '[]' : '[…]';
    const items: unknown[] = value.slice(0, MAX_ENTRIES);
    const shown = items.map((item) => render(item, depth + 1));
    if (value.length > MAX_ENTRIES) shown.push('…');
    return `[${shown.join(', ')}]`;
  }
  const tag = Object.prototype.toString.call(value);
  // Dates, Maps, class instances with a custom tag…: the tag says more than their keys.
  if (tag !== '[object Object]') return tag;
  const keys = Object.keys(value);
  if (keys.length === 0) return '{}';
  if (depth >= MAX_DEPTH) return '{…}';
  const record = value as Record<string, unknown>;
  const shown = keys
    .slice(0, MAX_ENTRIES)
    .map((key) => `${renderKey(key)}: ${render(record[key], depth + 1)}`);
  if (keys.length > MAX_ENTRIES) shown.push('…');
  return `{ ${shown.join(', ')} }`;
}
