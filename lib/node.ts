// Node-only entry point (`rxjs-pooled-map/node`): the simulated rate-limited API and the streaming
// NDJSON pipeline behind the CLI. Kept apart from the main entry, which browser bundles import.
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
export type {
  LimiterOptions,
  TokenBucketLimiterOptions,
  WindowLimiterOptions,
  MultiLimiterOptions,
  ResolvedLimiter,
  RateLimitHeaders,
} from './sim/LimiterOptions.js';
// Limiter models on an injected clock or on the `now` each call passes: virtual-time specs and
// benchmarks use the same families the simulated API enforces.
export type { Limiter, LimitState } from './sim/limiters/Limiter.js';
export type { WindowOptions } from './sim/limiters/windowOptions.js';
export { TokenBucket, type TokenBucketOptions } from './sim/limiters/TokenBucket.js';
export { FixedWindow, type FixedWindowOptions } from './sim/limiters/FixedWindow.js';
export { SlidingWindowLog, type SlidingWindowLogOptions } from './sim/limiters/SlidingWindowLog.js';
export {
  SlidingWindowCounter,
  type SlidingWindowCounterOptions,
} from './sim/limiters/SlidingWindowCounter.js';
export { MultiLimit, type MultiLimitOptions } from './sim/limiters/MultiLimit.js';
export {
  runPipeline,
  type PipelineOptions,
  type PipelineSummary,
  type PipelineProgress,
} from './cli/runPipeline.js';
export {
  httpProject,
  type HttpProject,
  type HttpProjectOptions,
  type HttpResult,
} from './cli/httpProject.js';
export { classifyResponse, type ResponseHead } from './cli/classifyResponse.js';
export type { OutputRecord, OutputFailure, OutputAudit, FailureReason } from './cli/OutputRecord.js';
