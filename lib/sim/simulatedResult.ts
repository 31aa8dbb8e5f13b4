// The body the simulated API answers for a row. Pure and exported, so a test of a user's pipeline
// can compute the exact result it expects for each row without running the server.
import { createHash } from 'node:crypto';

export interface SimulatedResult {
  /** The row as received (parsed from the request's JSON body). */
  echo: unknown;
  /** Hex SHA-256 of JSON.stringify(row): stable across runs, processes and machines. */
  digest: string;
  /** UTF-8 byte length of JSON.stringify(row). */
  length: number;
}

/**
 * The 200 answer for `row`. The digest hashes the row re-serialised with JSON.stringify, so the
 * request's whitespace does not matter but its key order does (as it would for a real API).
 */
export function simulatedResult(row: unknown): SimulatedResult {
  const json = JSON.stringify(row) ?? 'null';
  return {
    echo: row,
    digest: createHash('sha256').update(json).digest('hex'),
    length: Buffer.byteLength(json),
  };
}
