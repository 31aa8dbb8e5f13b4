// Says on stderr, once each time it happens, how the run stands with its shared gate: Redis out of
// reach (and what the run does meanwhile), back, or restarted empty. The progress line repeats
// the standing; these lines say when it changed.
import type { Subscription } from 'rxjs';
import type { SharedGate } from '../shared/SharedGate.js';
import type { SharedGateEvent } from '../shared/SharedGateStats.js';
import { describeGate } from './describeTrouble.js';

/**
 * Writes one line per change of standing; `write` takes the line without its newline. `whenDown`:
 * what the pool does while Redis is out of reach (events carry the standing from before).
 */
export function watchSharedGate(
  gate: SharedGate,
  whenDown: 'local' | 'pause',
  write: (line: string) => void,
): Subscription {
  return gate.events$.subscribe((event) => {
    const line = gateEventLine(event, whenDown);
    if (line !== undefined) write(`pooled-map: ${line}`);
  });
}

function gateEventLine(event: SharedGateEvent, whenDown: 'local' | 'pause'): string | undefined {
  switch (event.type) {
    case 'unavailable': {
      const alone = describeGate({ ...event, mode: whenDown === 'pause' ? 'paused' : 'local' });
      return `warning: ${alone}; trying again every second (${reasonOf(event.error)})`;
    }
    case 'rejoined':
      return `redis answers again: ${describeGate(event)}`;
    case 'reset':
      return (
        `warning: redis had lost gate ${event.gate} (restarted empty?): ` +
        "it starts again from this run's delay"
      );
    case 'mismatch':
      return `warning: ${reasonOf(event.error)}; this run paces alone`;
    case 'joined':
      return undefined; // the start is the normal case, and the progress line shows the workers
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
