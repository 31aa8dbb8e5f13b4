import { gateStep, type GateState, type Leases } from './gateStep.js';
import type { GateStore, SyncReply, SyncRequest } from './GateStore.js';

/**
 * A `GateStore` in this process's memory: several pools of one process share a gate through it,
 * and specs run whole fleets on it in virtual time. The Redis store applies the same rules
 * (`gateStep`) in Lua, so the two answer alike.
 */
export class MemoryGateStore implements GateStore {
  private readonly gates = new Map<string, { state: GateState | undefined; leases: Leases }>();

  /**
   * @param now the store's clock in ms (default `Date.now`); a spec passes its scheduler's.
   * @param latencyMs how long a round trip takes, to model a remote store (0: the reply is
   *   still asynchronous, in a microtask).
   */
  constructor(
    private readonly now: () => number = Date.now,
    private readonly delay: (ms: number) => Promise<void> = (ms) =>
      ms > 0 ? new Promise((done) => setTimeout(done, ms)) : Promise.resolve(),
    private readonly latencyMs = 0,
  ) {}

  async sync(gate: string, request: SyncRequest): Promise<SyncReply> {
    await this.delay(this.latencyMs / 2);
    let entry = this.gates.get(gate);
    if (entry === undefined) this.gates.set(gate, (entry = { state: undefined, leases: new Map() }));
    const { state, reply } = gateStep(entry.state, entry.leases, request, this.now());
    entry.state = state;
    await this.delay(this.latencyMs / 2);
    return reply;
  }

  /** Forgets every gate, as a Redis restart without persistence does. */
  flush(): void {
    this.gates.clear();
  }

  /** A copy of a gate's state (for specs and diagnostics); undefined when there is none. */
  stateOf(gate: string): GateState | undefined {
    const state = this.gates.get(gate)?.state;
    return state === undefined ? undefined : { ...state };
  }
}
