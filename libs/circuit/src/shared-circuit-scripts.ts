/**
 * The Lua of the shared breaker (RedisSharedCircuitStore). One hash per path holds the state
 * (`state`, `openUntil`, `gen`, `owner`, `leaseUntil`, `probeOk`, `coolDown`, `seq`); two sorted
 * sets (score = call time) hold the window: every call, and the failed ones. KEYS: hash, calls,
 * failures. Every script answers the path's state as JSON, with the transition it made, if any:
 * only the instance whose call made a transition publishes it.
 *
 * `gen` changes whenever a report from an earlier call must stop counting (a path opens or
 * closes, a stalled probe round is taken over); `owner` is the one instance that sends the
 * half-open probes (the one that opened it, or that took a stalled round over).
 */
const PRELUDE = `
local h = KEYS[1]
local function int(n) return string.format('%d', n) end
local function num(field, default)
  local v = redis.call('HGET', h, field)
  if v then return tonumber(v) end
  return default
end
local function str(field, default) return redis.call('HGET', h, field) or default end
local function view(transition)
  return cjson.encode({ state = str('state', 'closed'), openUntil = num('openUntil', 0), gen = num('gen', 0),
    owner = str('owner', ''), leaseUntil = num('leaseUntil', 0), transition = transition })
end
`;

/** ARGV: gen, failed (1/0), now, windowCalls, windowMs, minCalls, failureRatio, coolDownMs, ttlMs, instance. */
export const RECORD_SCRIPT = `${PRELUDE}
if str('state', 'closed') ~= 'closed' or num('gen', 0) ~= tonumber(ARGV[1]) then return view(nil) end
local now = tonumber(ARGV[3])
local member = string.format('%015d', redis.call('HINCRBY', h, 'seq', 1))
redis.call('ZADD', KEYS[2], int(now), member)
if ARGV[2] == '1' then redis.call('ZADD', KEYS[3], int(now), member) end
local oldest = int(now - tonumber(ARGV[5]))
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', oldest)
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', oldest)
local over = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[4])
if over > 0 then
  for _, m in ipairs(redis.call('ZRANGE', KEYS[2], 0, over - 1)) do redis.call('ZREM', KEYS[3], m) end
  redis.call('ZREMRANGEBYRANK', KEYS[2], 0, over - 1)
end
redis.call('PEXPIRE', KEYS[2], ARGV[5])
redis.call('PEXPIRE', KEYS[3], ARGV[5])
redis.call('PEXPIRE', h, ARGV[9])
if ARGV[2] ~= '1' then return view(nil) end
local calls = redis.call('ZCARD', KEYS[2])
local failures = redis.call('ZCARD', KEYS[3])
if calls < tonumber(ARGV[6]) or failures / calls < tonumber(ARGV[7]) then return view(nil) end
local openUntil = now + num('coolDown', tonumber(ARGV[8]))
redis.call('HSET', h, 'state', 'open', 'openUntil', int(openUntil), 'gen', int(num('gen', 0) + 1), 'owner', ARGV[10], 'leaseUntil', '0', 'probeOk', '0')
redis.call('DEL', KEYS[2], KEYS[3])
return view({ from = 'closed', to = 'open', reason = 'error_rate', at = now, failures = failures, calls = calls, openUntil = openUntil })
`;

/**
 * Starts (or takes over) a half-open round for this instance. ARGV: gen, now, leaseMs, ttlMs,
 * instance. The owner may start as soon as the cool-down ends; another instance only once the
 * owner let its lease pass (it died, or has no traffic).
 */
export const BEGIN_PROBES_SCRIPT = `${PRELUDE}
local now = tonumber(ARGV[2])
local lease = tonumber(ARGV[3])
local state = str('state', 'closed')
if num('gen', 0) ~= tonumber(ARGV[1]) then return view(nil) end
if state == 'open' then
  local openUntil = num('openUntil', 0)
  if now < openUntil then return view(nil) end
  if str('owner', '') ~= ARGV[5] and now < openUntil + lease then return view(nil) end
  redis.call('HSET', h, 'state', 'half_open', 'owner', ARGV[5], 'leaseUntil', int(now + lease), 'probeOk', '0')
  redis.call('PEXPIRE', h, ARGV[4])
  return view({ from = 'open', to = 'half_open', reason = 'cool_down_over', at = now, failures = 0, calls = 0, openUntil = 0 })
end
if state == 'half_open' and str('owner', '') ~= ARGV[5] and now >= num('leaseUntil', 0) then
  redis.call('HSET', h, 'gen', int(num('gen', 0) + 1), 'owner', ARGV[5], 'leaseUntil', int(now + lease), 'probeOk', '0')
  redis.call('PEXPIRE', h, ARGV[4])
end
return view(nil)
`;

/** ARGV: gen, succeeded (1/0), now, halfOpenProbes, coolDownMs, maxCoolDownMs, ttlMs, instance. */
export const PROBE_SCRIPT = `${PRELUDE}
if str('state', 'closed') ~= 'half_open' or num('gen', 0) ~= tonumber(ARGV[1]) or str('owner', '') ~= ARGV[8] then return view(nil) end
local now = tonumber(ARGV[3])
local gen = int(num('gen', 0) + 1)
if ARGV[2] == '1' then
  local ok = redis.call('HINCRBY', h, 'probeOk', 1)
  if ok < tonumber(ARGV[4]) then return view(nil) end
  redis.call('HSET', h, 'state', 'closed', 'gen', gen, 'coolDown', ARGV[5], 'openUntil', '0', 'owner', '', 'leaseUntil', '0', 'probeOk', '0')
  redis.call('DEL', KEYS[2], KEYS[3])
  redis.call('PEXPIRE', h, ARGV[7])
  return view({ from = 'half_open', to = 'closed', reason = 'probe_succeeded', at = now, failures = 0, calls = ok, openUntil = 0 })
end
local calls = num('probeOk', 0) + 1
local coolDown = math.min(tonumber(ARGV[6]), num('coolDown', tonumber(ARGV[5])) * 2)
local openUntil = now + coolDown
redis.call('HSET', h, 'state', 'open', 'gen', gen, 'coolDown', int(coolDown), 'openUntil', int(openUntil), 'owner', ARGV[8], 'leaseUntil', '0', 'probeOk', '0')
redis.call('PEXPIRE', h, ARGV[7])
return view({ from = 'half_open', to = 'open', reason = 'probe_failed', at = now, failures = 1, calls = calls, openUntil = openUntil })
`;

/** No ARGV: the state as it is. */
export const READ_SCRIPT = `${PRELUDE}
return view(nil)
`;
