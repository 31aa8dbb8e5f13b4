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
