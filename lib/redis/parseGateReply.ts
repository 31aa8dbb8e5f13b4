import type { SyncReply } from '../shared/GateStore.js';
import { GateReplyError } from './GateReplyError.js';

const FIXED = 9;

/**
 * Reads the gate script's reply (an array of strings: gen, epoch, delayMs, closed, spacingMs,
 * nextMs, workers, raised, mismatch, then the waits) into a `SyncReply`, checking each field so a
 * malformed reply fails here, naming the field, rather than as a strange pace later.
 */
export function parseGateReply(reply: unknown): SyncReply {
  const fail = (what: string): never => {
    throw new GateReplyError(`The gate script's reply is malformed: ${what}`, reply);
  };
  if (!Array.isArray(reply)) return fail(`expected an array of strings, received ${typeof reply}`);
  if (reply.length < FIXED) return fail(`expected at least ${FIXED} entries, received ${reply.length}`);
  const at = (i: number, field: string): string => {
    const value: unknown = reply[i];
    return typeof value === 'string' ? value : fail(`${field} (entry ${i}) is not a string`);
  };
  const number = (i: number, field: string, check: (x: number) => boolean, constraint: string): number => {
    const text = at(i, field);
    const value = text.trim() === '' ? NaN : Number(text);
    return check(value) ? value : fail(`${field} (entry ${i}) must be ${constraint}, received "${text}"`);
  };
  const flag = (i: number, field: string): boolean => {
    const text = at(i, field);
    return text === '1' ? true : text === '0' ? false : fail(`${field} (entry ${i}) must be "0" or "1"`);
  };
  const count = (x: number) => Number.isSafeInteger(x) && x >= 0;
  const time = (x: number) => Number.isFinite(x) && x >= 0;
  const gen = at(0, 'gen');
  if (gen === '') fail('gen (entry 0) is empty');
  const epoch = number(1, 'epoch', count, 'an integer ≥ 0');
  const delayMs = number(2, 'delayMs', time, 'a finite number ≥ 0');
  const closed = flag(3, 'closed');
  const spacingMs = number(4, 'spacingMs', time, 'a finite number ≥ 0');
  const nextMs = number(5, 'nextMs', time, 'a finite number ≥ 0');
  const workers = number(6, 'workers', count, 'an integer ≥ 0');
  const raised = flag(7, 'raised');
  const mismatch = at(8, 'mismatch');
  const waitsMs: number[] = [];
  for (let i = FIXED; i < reply.length; i++) waitsMs.push(number(i, 'a wait', time, 'a finite number ≥ 0'));
  return { gen, epoch, delayMs, closed, spacingMs, waitsMs, nextMs, workers, raised, mismatch };
}
