// Node-only entry point (`rxjs-pooled-map/redis`): gates shared by several processes through
// Redis. It loads neither `redis` nor `ioredis` (optional peers): the adapters take the client
// the application made and use it by its methods alone.
export { RedisGateStore, type RedisGateStoreOptions } from './redis/RedisGateStore.js';
export { GateReplyError } from './redis/GateReplyError.js';
export type { ScriptRunner } from './redis/ScriptRunner.js';
export { redisScriptRunner } from './redis/redisScriptRunner.js';
export { fromNodeRedis, type NodeRedisScripting } from './redis/fromNodeRedis.js';
export { fromIoredis, type IoredisScripting } from './redis/fromIoredis.js';
