// A compact per-request log for charting a run: arrival time and final status code in two
// parallel typed arrays (8 + 2 bytes per request, up to twice that while the buffers grow),
// instead of an object per request, so a run of a million rows costs ~10-20 MB, not hundreds.

/** Events in arrival order: request i arrived at tMs[i] (ms since start) and was answered code[i]. */
export interface SimulatedApiEvents {
  count: number;
  /** Arrival (admission decision) time, ms since the server started, by the injected clock. */
  tMs: Float64Array;
  /** HTTP status answered; 0 while the request is still in flight. */
  code: Uint16Array;
}

export class EventLog {
  #tMs = new Float64Array(1024);
  #code = new Uint16Array(1024);
  #count = 0;

  constructor(readonly enabled: boolean) {}

  /** Records an arrival; returns its index, to fill in the code when the answer goes out (-1 if off). */
  add(tMs: number, code = 0): number {
    if (!this.enabled) return -1;
    if (this.#count === this.#tMs.length) this.#grow();
    this.#tMs[this.#count] = tMs;
    this.#code[this.#count] = code;
    return this.#count++;
  }

  setCode(index: number, code: number): void {
    if (index >= 0) this.#code[index] = code;
  }

  /** A copy, so a caller may keep it while the server goes on recording. */
  snapshot(): SimulatedApiEvents {
    return {
      count: this.#count,
      tMs: this.#tMs.slice(0, this.#count),
      code: this.#code.slice(0, this.#count),
    };
  }

  #grow(): void {
    const tMs = new Float64Array(this.#tMs.length * 2);
    const code = new Uint16Array(this.#code.length * 2);
    tMs.set(this.#tMs);
    code.set(this.#code);
    this.#tMs = tMs;
    this.#code = code;
  }
}
