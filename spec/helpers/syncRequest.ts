import type { SyncRequest } from '../../lib/shared/GateStore.js';

/** A plain first request from `worker` (overrides aside): nothing to report, three slots wanted. */
export function syncRequest(worker: string, overrides: Partial<SyncRequest> = {}): SyncRequest {
  return {
    worker,
    gen: '',
    settings: { minDispatchDelayMs: 0, maxDispatchDelayMs: 5000, backoffMultiplier: 2, recoveryStepMs: 10 },
    want: 3,
    horizonMs: 1000,
    leaseMs: 5000,
    ok: 0,
    okEpoch: -1,
    refused: 0,
    refusedEpoch: -1,
    pauseMs: 0,
    paceMs: 0,
    paceFreshMs: 0,
    seedDelayMs: 100,
    ...overrides,
  };
}
