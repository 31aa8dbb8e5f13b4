import { renderValue } from '../config/renderValue.js';
import { fromIoredis, type IoredisScripting } from './fromIoredis.js';
import { fromNodeRedis, type NodeRedisScripting } from './fromNodeRedis.js';
import type { ScriptRunner } from './ScriptRunner.js';

/**
 * A `ScriptRunner` over a node-redis v5 or an ioredis v5 client, told apart by their methods
 * (node-redis: `evalSha`; ioredis: `evalsha`), so this package never loads either library.
 */
export function redisScriptRunner(client: NodeRedisScripting | IoredisScripting): ScriptRunner {
  const c = client as unknown as Record<string, unknown> | null;
  const has = (name: string) => typeof c?.[name] === 'function';
  if (has('evalSha') && has('eval')) return fromNodeRedis(client as NodeRedisScripting);
  if (has('evalsha') && has('eval')) return fromIoredis(client as IoredisScripting);
  throw new TypeError(
    'expected a node-redis v5 client (with evalSha and eval), an ioredis v5 client (with evalsha and ' +
      `eval) or a ScriptRunner (with runSha and runScript), received ${renderValue(client)}`,
  );
}
