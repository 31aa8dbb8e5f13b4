// Public entry point of rxjs-pooled-map: the operators and their parts. Platform-neutral (no
// `node:` imports), so browser bundles can use it; Node-only tools live in `rxjs-pooled-map/node`.
export { pooledMap } from './operators/pooledMap.js';
export { okValues } from './operators/okValues.js';
export { isOk, isFailure, type OkEntry, type FailedEntry } from './entryResult.js';
export { orderedMergeMap } from './operators/orderedMergeMap.js';
export { reorder } from './operators/reorder.js';
export { ReorderError } from './errors/ReorderError.js';
export { Pool, type PoolStats } from './Pool.js';
export type { PauseStats } from './internal/ServerPause.js';
export type { PoolOptions } from './PoolOptions.js';
// A gate shared with other processes (option `sharedGate`); the Redis store lives in rxjs-pooled-map/redis.
export type { SharedGateOptions } from './shared/SharedGateOptions.js';
export type { SharedGate } from './shared/SharedGate.js';
export type { SharedGateStats, SharedGateEvent, SharedMode } from './shared/SharedGateStats.js';
export type { GateStore, GateSettings, SyncRequest, SyncReply } from './shared/GateStore.js';
export { MemoryGateStore } from './shared/MemoryGateStore.js';
export { SharedGateConfigError } from './shared/SharedGateConfigError.js';
export type { AttemptEvent } from './AttemptEvent.js';
export type { PoolEntry, PoolFailure, CallContext } from './PoolEntry.js';
export { EmptyCallError } from './errors/EmptyCallError.js';
export { AimdThrottle, type AimdThrottleOptions, type ThrottleStats } from './throttle/AimdThrottle.js';
export type { Recovery } from './throttle/recoveredDelay.js';
export { CapacityError, type CapacityErrorOptions } from './errors/CapacityError.js';
export { RetryableError, type RetryableErrorOptions } from './errors/RetryableError.js';
export { PermanentError, type PermanentErrorOptions } from './errors/PermanentError.js';
export { isCapacityStatus } from './errors/isCapacityStatus.js';
export { parseRetryAfter } from './errors/parseRetryAfter.js';
export { parseRateLimitHeaders, type RateLimitHint } from './hints/parseRateLimitHeaders.js';
export {
  classifyError,
  statusCodeOf,
  retryAfterMsOf,
  errorTypeOf,
  type ErrorKind,
} from './errors/classifyError.js';
export {
  PoolConfig,
  PoolSize,
  NonNegativeMs,
  PositiveMs,
  BackoffMultiplier,
  PositiveSeconds,
  type PoolConfigInput,
} from './config/PoolConfig.js';
export { decodePoolConfig } from './config/decodePoolConfig.js';
export { parsePoolConfig } from './config/parsePoolConfig.js';
export { PoolConfigError } from './config/PoolConfigError.js';
export { formatPoolConfigErrors } from './config/formatPoolConfigErrors.js';
export { PooledExecutor } from './batch/PooledExecutor.js';
export type { BatchResult, BatchStats, BatchOptions } from './batch/BatchResult.js';
export type { ExecuteBatchOptions } from './batch/ExecuteBatchOptions.js';
export { pooledMapIterable } from './pull/pooledMapIterable.js';
export { pooledMapFrom } from './pull/pooledMapFrom.js';
export type { PullOptions } from './pull/PullOptions.js';
export type { RowSource } from './pull/pulledRows.js';
