import { settingsKey, type GateSettings } from './GateStore.js';

/**
 * A pool tried to join a shared gate with delay settings other than those the gate was created
 * with. Workers of one gate must agree on them: one fleet, one AIMD rule. Raised by
 * `pool.sharedGate.connect()`; a pool that meets it while running goes on alone (mode `'local'`).
 */
export class SharedGateConfigError extends Error {
  override readonly name = 'SharedGateConfigError';

  constructor(
    readonly gate: string,
    /** The settings key the gate holds. */
    readonly gateSettings: string,
    settings: GateSettings,
  ) {
    super(
      `shared gate "${gate}" runs with ${gateSettings}, this pool with ${settingsKey(settings)}: ` +
        'give every worker the same delay settings, or another gate name',
    );
  }
}
