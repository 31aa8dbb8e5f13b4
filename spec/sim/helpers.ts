// Shared helpers for the simulated API specs: a hand-advanced clock, servers closed after each
// test, and a POST that returns status, headers and parsed body.
import { startSimulatedApi } from '../../lib/sim/startSimulatedApi.js';
import type { SimulatedApi } from '../../lib/sim/SimulatedApi.js';
import type { SimulatedApiOptions } from '../../lib/sim/SimulatedApiOptions.js';

export interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}

const open: SimulatedApi[] = [];

/** A server on port 0 with a fake clock at 0 and (unless overridden) no latency. */
export async function fakeServer(options: SimulatedApiOptions = {}) {
  const clock = { now: 0 };
  const api = await startSimulatedApi({ latency: { medianMs: 0 }, clock: () => clock.now, ...options });
  open.push(api);
  return { api, clock };
}

export async function closeAll(): Promise<void> {
  await Promise.all(open.splice(0).map((api) => api.close()));
}

export async function post(url: string, body: unknown, raw = false): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: raw ? String(body) : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

/** Waits, however long it takes, until `condition` holds: ordering without timing assumptions. */
export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 2));
}
