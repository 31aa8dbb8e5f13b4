// The NDJSON the `pooled-map` CLI (and `runPipeline`) writes: one record per input row, in input
// order. Its first three keys are always `index`, `line` and `ok`, in that order, so a tool (and
// --resume) can read them from the start of a line without parsing the response after them.
//
//   {"index":0,"line":1,"ok":true,"status":200,"response":{…},"submitIndex":0,"completeIndex":0,
//    "submitTime":1718000000000,"completeTime":1718000000042,"bufferWaitMs":0,"attempts":1}
//   {"index":3,"line":4,"ok":false,"failure":{"reason":"retry_timeout","errorType":"CapacityError",
//    "statusCode":429,"message":"HTTP 429 Too Many Requests: …","elapsedMs":3600012,"maxMs":3600000},
//    "submitIndex":3,…,"attempts":41}
//   {"index":4,"line":6,"ok":false,"failure":{"reason":"invalid_input","message":"Unexpected token …"},
//    "attempts":0}
//   {"index":5,"line":7,"ok":false,"failure":{"reason":"unserializable_response","statusCode":200,
//    "message":"the answer cannot be written as JSON: Maximum call stack size exceeded"},…}
import { isLeft } from '../internal/either.js';
import type { PoolEntry, PoolFailure } from '../PoolEntry.js';
import type { HttpResult } from './httpProject.js';

/**
 * Why a row failed: the pool's reasons, plus `invalid_input` for a line that is not JSON and
 * `unserializable_response` for an answer that cannot be written back as JSON.
 */
export type FailureReason = PoolFailure['reason'] | 'invalid_input' | 'unserializable_response';

export interface OutputFailure {
  reason: FailureReason;
  /** `name` of the last error (`CapacityError`, `RetryableError`, `PermanentError`…). */
  errorType?: string;
  /** HTTP status of the last answer, when there was one. */
  statusCode?: number;
  /** What went wrong, for a human: the HTTP status and the start of the answer, or the JSON error. */
  message: string;
  /** retry_timeout: ms from the row's first dispatch until it was given up, and the deadline. */
  elapsedMs?: number;
  maxMs?: number;
}

/** The pool's ordering and timing audit of a row that was sent (see `PoolEntry`). */
export interface OutputAudit {
  /** Order in which this run sent the rows, from 0 at the start (or resume) of the run. */
  submitIndex: number;
  /** Order in which this run's calls finished, from 0. */
  completeIndex: number;
  /** Epoch ms at which the row was read and when its outcome was known. */
  submitTime: number;
  completeTime: number;
  /** How long the finished row waited for earlier rows before it was written. */
  bufferWaitMs: number;
  /** Calls made for the row (0 for an invalid line: nothing was sent). */
  attempts: number;
}

/** One output line. `index` counts rows (non-blank lines) from 0 over the whole input, resumes included. */
export type OutputRecord =
  | ({ index: number; line: number; ok: true; status: number; response: unknown } & OutputAudit)
  | ({ index: number; line: number; ok: false; failure: OutputFailure } & OutputAudit)
  | { index: number; line: number; ok: false; failure: OutputFailure; attempts: 0 };

/** The record of a row that went through the pool. */
export function entryRecord(index: number, line: number, entry: PoolEntry<HttpResult>): OutputRecord {
  const audit = auditOf(entry);
  const { result } = entry;
  if (isLeft(result)) return { index, line, ok: false, failure: outputFailure(result.left), ...audit };
  return { index, line, ok: true, status: result.right.status, response: result.right.response, ...audit };
}

/**
 * The NDJSON line of a record, with its newline, and the record it holds. An answer that parsed
 * but cannot be written again (JSON nested deeper than `JSON.stringify`'s stack allows, a text
 * past the engine's string limit) becomes the row's failure, `unserializable_response`, with the
 * call's audit: every row keeps its line, the run goes on, and a --resume can pass it.
 */
export function recordLine(record: OutputRecord): { line: string; record: OutputRecord } {
  try {
    return { line: `${JSON.stringify(record)}\n`, record };
  } catch (error) {
    // Only a response can fail: every other field is a number or a string the CLI made.
    if (!record.ok) throw error;
    const failure: OutputFailure = {
      reason: 'unserializable_response',
      statusCode: record.status,
      message: `the answer cannot be written as JSON: ${error instanceof Error ? error.message : String(error)}`,
    };
    const failed: OutputRecord = {
      index: record.index,
      line: record.line,
      ok: false,
      failure,
      ...auditOf(record),
    };
    return { line: `${JSON.stringify(failed)}\n`, record: failed };
  }
}

/** The record of a line that is not JSON: it keeps its place, and nothing was sent for it. */
export function invalidRecord(index: number, line: number, error: unknown): OutputRecord {
  const message = error instanceof Error ? error.message : String(error);
  return { index, line, ok: false, failure: { reason: 'invalid_input', message }, attempts: 0 };
}

/** The audit fields of an entry (or of a record, which has the same). */
function auditOf(source: OutputAudit): OutputAudit {
  const { submitIndex, completeIndex, submitTime, completeTime, bufferWaitMs, attempts } = source;
  return { submitIndex, completeIndex, submitTime, completeTime, bufferWaitMs, attempts };
}

function outputFailure(failure: PoolFailure): OutputFailure {
  const message = failure.error instanceof Error ? failure.error.message : String(failure.error);
  if (failure.reason === 'shutdown_requested') return { reason: failure.reason, message };
  const { reason, errorType, statusCode } = failure;
  const base: OutputFailure = {
    reason,
    errorType,
    ...(statusCode === undefined ? {} : { statusCode }),
    message,
  };
  if (failure.reason === 'permanent_error') return base;
  return { ...base, elapsedMs: failure.elapsedMs, maxMs: failure.maxMs };
}
