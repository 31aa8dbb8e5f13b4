import { argumentError } from '../internal/argumentError.js';
import { settingsKey, type SyncRequest } from '../shared/GateStore.js';

const NUMBERS = [
  'want',
  'horizonMs',
  'leaseMs',
  'ok',
  'okEpoch',
  'refused',
  'refusedEpoch',
  'pauseMs',
  'paceMs',
  'paceFreshMs',
  'seedDelayMs',
] as const;
const SETTINGS = ['minDispatchDelayMs', 'maxDispatchDelayMs', 'backoffMultiplier', 'recoveryStepMs'] as const;

/**
 * The script's ARGV for one request, in the order gateScript.ts reads them. Numbers go as
 * `String(x)`, the shortest text that Lua's `tonumber` reads back as the same double, so both
 * stores compute from identical inputs. Checked here because Lua would turn a NaN or a missing
 * field into a script error far from its cause, and a huge `want` would hold Redis in a loop.
 *
 * @param nowMs the clock override (test only); undefined: the script reads Redis's clock.
 */
export function gateArguments(request: SyncRequest, idleTtlMs: number, nowMs: number | undefined): string[] {
  if (typeof request.worker !== 'string' || request.worker === '')
    throw argumentError('request.worker', 'a non-empty string', request.worker);
  if (typeof request.gen !== 'string') throw argumentError('request.gen', 'a string', request.gen);
  for (const name of SETTINGS) finite(`request.settings.${name}`, request.settings?.[name]);
  for (const name of NUMBERS) finite(`request.${name}`, request[name]);
  if (!Number.isInteger(request.want) || request.want < 0 || request.want > 10_000)
    throw argumentError('request.want', 'an integer from 0 to 10000', request.want);
  if (nowMs !== undefined) finite('clock()', nowMs);
  const s = request.settings;
  return [
    request.worker,
    request.gen,
    settingsKey(s),
    ...SETTINGS.map((name) => String(s[name])),
    ...NUMBERS.map((name) => String(request[name])),
    String(idleTtlMs),
    nowMs === undefined ? '' : String(nowMs),
  ];
}

function finite(name: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw argumentError(name, 'a finite number', value);
}
