import { createHash } from 'node:crypto';

// The Lua port of lib/shared/gateStep.ts, line by line: change both (the differential spec runs
// them side by side). One script call is one atomic round trip: Redis runs it alone, so the fleet
// sees one gate. KEYS[1]: the state hash; KEYS[2]: the lease table (score: lease end, absolute ms).
// ARGV: see gateArguments.ts. Replies are strings: Redis truncates Lua numbers to integers.
export const gateScript = `
local FAST_SHARE = 0.3
local FAST_HALF_LIFE_MS = 250
local PROBE_SHARE_PER_SECOND = 0.2
local PROBE_SPEEDUP_MS = 5000
local MIN_SUCCESSES_TO_MEASURE = 8
local SNAP_MS = 0.1
local PROBE_OUTSTANDING_MS = 1000
local NEVER = -1e9
local FIELDS = {'gen', 'cfg', 't0', 'last', 'delay', 'cdelay', 'epoch', 'eventAt', 'recAt', 'calm',
  'closedAt', 'probe', 'probeUntil', 'cool', 'pace', 'paceUntil'}

-- Math.round(x * 1000) / 1000
local function round(x) return math.floor(x * 1000 + 0.5) / 1000 end
-- tostring's 14 digits when they read back as the same double (rounded values do), else 17.
local function num(x)
  local s = tostring(x)
  if tonumber(s) ~= x then s = string.format('%.17g', x) end
  return s
end

local worker, reqGen, cfg = ARGV[1], ARGV[2], ARGV[3]
local min, max = tonumber(ARGV[4]), tonumber(ARGV[5])
local multiplier, step = tonumber(ARGV[6]), tonumber(ARGV[7])
local want, horizonMs, leaseMs = tonumber(ARGV[8]), tonumber(ARGV[9]), tonumber(ARGV[10])
local ok, reqOkEpoch = tonumber(ARGV[11]), tonumber(ARGV[12])
local refused, reqRefusedEpoch = tonumber(ARGV[13]), tonumber(ARGV[14])
local pauseMs, paceMs, paceFreshMs = tonumber(ARGV[15]), tonumber(ARGV[16]), tonumber(ARGV[17])
local seedDelayMs, idleTtlMs = tonumber(ARGV[18]), tonumber(ARGV[19])
local nowAbs
if ARGV[20] ~= '' then
  nowAbs = tonumber(ARGV[20])
else
  local t = redis.call('TIME')
  nowAbs = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
end

local state
local raw = redis.call('HMGET', KEYS[1], unpack(FIELDS))
local complete = true
for i = 1, #FIELDS do if not raw[i] then complete = false end end
if complete then
  state = {gen = raw[1], cfg = raw[2]}
  for i = 3, #FIELDS do state[FIELDS[i]] = tonumber(raw[i]) end
end

local function replyOf(workers, spacing, waits, nextMs, raised, mismatch)
  local closed = '0'
  if state.closedAt >= 0 then closed = '1' end
  local r = {state.gen, num(state.epoch), num(state.delay), closed, num(spacing), num(nextMs),
    num(workers), raised and '1' or '0', mismatch}
  for i = 1, #waits do r[#r + 1] = num(waits[i]) end
  return r
end

-- A worker with other settings changes nothing, and does not keep the gate alive either: once
-- the workers that made it are gone, it expires and the new settings can take over.
if state and state.cfg ~= cfg then
  return replyOf(redis.call('ZCARD', KEYS[2]), 0, {}, 0, false, state.cfg)
end
if not state then
  local seed = round(math.min(math.max(seedDelayMs, 0), max))
  local t0 = math.floor(nowAbs)
  state = {gen = string.format('%.0f', t0) .. '-' .. worker, cfg = cfg, t0 = t0, last = NEVER,
    delay = seed, cdelay = seed, epoch = 0, eventAt = NEVER, recAt = NEVER, calm = 0, closedAt = -1,
    probe = 0, probeUntil = NEVER, cool = NEVER, pace = 0, paceUntil = NEVER}
end
local now = round(nowAbs - state.t0)
-- Reports from an earlier life of the state carry epochs of that life: count them as current.
local stale = reqGen ~= state.gen
local okEpoch, refusedEpoch = reqOkEpoch, reqRefusedEpoch
if stale and ok > 0 then okEpoch = state.epoch end
if stale and refused > 0 then refusedEpoch = state.epoch end

redis.call('ZADD', KEYS[2], num(nowAbs + leaseMs), worker)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', num(nowAbs))
local workers = redis.call('ZCARD', KEYS[2])

local function recover()
  state.calm = state.calm + ok
  if state.closedAt >= 0 then
    -- Only a call sent since the raise proves the API open again; earlier ones were let in before.
    if okEpoch < state.closedAt then return end
    state.closedAt = -1
  end
  if state.eventAt == NEVER then state.eventAt = now end
  if state.recAt == NEVER then state.recAt = now end
  local elapsed = math.max(0, now - state.recAt)
  local calmMs = math.max(0, now - state.eventAt)
  state.recAt = now
  local gap = state.delay - state.cdelay
  local probe = state.delay * PROBE_SHARE_PER_SECOND * (1 + calmMs / PROBE_SPEEDUP_MS) * (elapsed / 1000)
  local fast = 0
  if gap > 0 then
    fast = math.max(gap * (1 - (1 - FAST_SHARE) ^ ok), gap * (1 - 0.5 ^ (elapsed / FAST_HALF_LIFE_MS)))
  end
  local nextDelay = state.delay - math.min(step * ok, math.max(fast, probe))
  if nextDelay - min < SNAP_MS then state.delay = min else state.delay = round(nextDelay) end
end

-- One raise per congestion event across the fleet; refused probes only lengthen the probe wait.
local function raise()
  if state.closedAt >= 0 then
    state.probe = round(math.min(state.probe * math.sqrt(multiplier), max))
    state.probeUntil = NEVER
    return false
  end
  local bootstrap = math.max(step, min)
  local raised = state.delay * multiplier
  if state.delay <= min and state.delay < bootstrap then raised = bootstrap end
  local span = 0
  if state.eventAt ~= NEVER then span = now - state.eventAt end
  local sustained = 0
  if span > 0 and state.calm >= MIN_SUCCESSES_TO_MEASURE then sustained = span / state.calm end
  local nextDelay = round(math.min(math.max(raised, sustained), max))
  if nextDelay <= state.delay then return false end
  state.epoch = state.epoch + 1
  state.cdelay = round(math.min(math.max(state.delay, sustained), max))
  state.calm = 0
  state.eventAt = now
  state.recAt = now
  state.closedAt = state.epoch
  state.probe = nextDelay
  state.probeUntil = NEVER
  state.delay = nextDelay
  return true
end

if ok > 0 then recover() end
local raised = refused > 0 and refusedEpoch >= state.epoch and raise()
if pauseMs > 0 then state.cool = math.max(state.cool, round(now + pauseMs)) end
if paceMs > 0 then
  state.pace = round(paceMs)
  state.paceUntil = round(now + paceFreshMs)
end

local spacing = math.max(min, state.delay)
if state.closedAt >= 0 then spacing = state.probe end
if now <= state.paceUntil then spacing = math.max(spacing, state.pace) end
local closed = state.closedAt >= 0
local probeUntil = NEVER
if closed then probeUntil = state.probeUntil end
local first = round(math.max(now, state.last + spacing, state.cool, probeUntil))
local granted = want
if closed then granted = math.min(want, 1) end
local waits = {}
-- The first slot the spacing gives is granted however far it lies, more only within the
-- horizon; a slot set by a pause or a probe is not reserved ahead.
local held = closed or first > state.last + spacing
local reach = now + horizonMs
local t = first
while #waits < granted and (t <= reach or (not held and #waits == 0)) do
  waits[#waits + 1] = round(t - now)
  state.last = t
  -- A closed API gets one probe at a time: the next waits for its outcome, or for long enough.
  if closed then state.probeUntil = round(t + math.max(2 * state.probe, PROBE_OUTSTANDING_MS)) end
  t = round(t + spacing)
end
local nextMs = 0
if want > 0 and #waits == 0 then nextMs = round(first - now) end

local fields = {}
for i, f in ipairs(FIELDS) do
  local v = state[f]
  if f == 't0' then v = string.format('%.0f', v) elseif i > 2 then v = num(v) end
  fields[#fields + 1] = f
  fields[#fields + 1] = v
end
redis.call('HSET', KEYS[1], unpack(fields))
-- State outlives a pool-wide pause, so a worker arriving during it still waits it out.
local ttl = string.format('%.0f', math.ceil(math.max(idleTtlMs, state.cool - now + 60000)))
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('PEXPIRE', KEYS[2], ttl)
return replyOf(workers, spacing, waits, nextMs, raised, '')
`;

/** What EVALSHA names the script by. */
export const gateScriptSha1 = createHash('sha1').update(gateScript).digest('hex');
