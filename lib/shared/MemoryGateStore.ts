import { gateStep, type GateState, type Leases } from './gateStep.js';
import type { GateStore, SyncReply, SyncRequest } from './GateStore.js';

/**
 * A `GateStore` in this process's memory, answering at once: several pools of one process share
 * a gate through it, and specs run whole fleets on it in virtual time. The Redis store applies
 * the same rules (`gateStep`) in Lua, so the two answer alike.
 */
export class MemoryGateStore implements GateStore {
  private readonly gates = new Map<string, { state: GateState | undefined; leases: Leases }>();

  /** @param now the store's clock in ms (default `Date.now`); a spec passes its scheduler's. */
  constructor(private readonly now: () => number = Date.now) {}

  sync(gate: string, request: SyncRequest): SyncReply {
    let entry = this.gates.get(gate);
    if (entry === undefined) this.gates.set(gate, (entry = { state: undefined, leases: new Map() }));
    const { state, reply } = gateStep(entry.state, entry.leases, request, this.now());
    entry.state = state;
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
