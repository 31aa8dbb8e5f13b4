// Public entry point of rxjs-pooled-map.
export {};
export { AimdThrottle, type AimdThrottleOptions, type ThrottleStats } from './throttle/AimdThrottle.js';
export { CapacityError, type CapacityErrorOptions } from './errors/CapacityError.js';
export { RetryableError, type RetryableErrorOptions } from './errors/RetryableError.js';
export { PermanentError, type PermanentErrorOptions } from './errors/PermanentError.js';
export { isCapacityStatus } from './errors/isCapacityStatus.js';
export { parseRetryAfter } from './errors/parseRetryAfter.js';
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
export { startSimulatedApi } from './sim/startSimulatedApi.js';
export { simulatedResult, type SimulatedResult } from './sim/simulatedResult.js';
export type { SimulatedApi, SimulatedApiStats } from './sim/SimulatedApi.js';
export type { SimulatedApiEvents } from './sim/EventLog.js';
export type {
  SimulatedApiOptions,
  LatencyOptions,
  CapacityChange,
  CapacityPoint,
} from './sim/SimulatedApiOptions.js';
