/**
 * Lua run inside Redis, so that checking and counting are one step for every process of the deployment.
 * They mirror rate-limit-rules.ts (isFull, observedUsage, refusalExplained); the shared behaviour tests
 * run against both governors. A learned limit in the hash wins over the assumed one passed in.
 */

/**
 * KEYS[1]: the learned-limits hash; KEYS[2..]: the counters (current windows) the request counts against.
 * ARGV, three per counter: limits field, assumed limit, TTL in ms.
 * Returns [] when granted (every counter incremented), else flat triples (counter index, used, limit) of
 * the counters that are full (nothing incremented).
 */
export const RESERVE_SCRIPT = `
local counters = #KEYS - 1
local spent = {}
for i = 1, counters do
  local limit = tonumber(redis.call('HGET', KEYS[1], ARGV[i * 3 - 2])) or tonumber(ARGV[i * 3 - 1])
  local used = tonumber(redis.call('GET', KEYS[i + 1])) or 0
  if used >= limit then
    spent[#spent + 1] = i
    spent[#spent + 1] = used
    spent[#spent + 1] = limit
  end
end
if #spent > 0 then return spent end
for i = 1, counters do
  redis.call('INCR', KEYS[i + 1])
  redis.call('PEXPIRE', KEYS[i + 1], ARGV[i * 3])
end
return spent
`;

/**
 * KEYS[1]: the learned-limits hash; then two per bucket: its current window's counter, its previous one's.
 * ARGV[1]: TTL of learned limits (ms); ARGV[2]: '1' when the answer was a 429; ARGV[3]: how many learned
 * limits follow as (field, limit) pairs; then six per bucket: limits field, assumed limit, header usage
 * (-1: not said), within the grace after a turn ('1'/'0'), 15-minute bucket ('1'/'0'), counter TTL (ms).
 */
export const OBSERVE_SCRIPT = `
local limitsKey = KEYS[1]
local refused = ARGV[2] == '1'
local learned = tonumber(ARGV[3])
local at = 4
for _ = 1, learned do
  redis.call('HSET', limitsKey, ARGV[at], ARGV[at + 1])
  at = at + 2
end
if learned > 0 then redis.call('PEXPIRE', limitsKey, ARGV[1]) end
local buckets = {}
local explained = false
for i = 1, (#KEYS - 1) / 2 do
  local bucket = {
    current = KEYS[2 * i],
    limit = tonumber(redis.call('HGET', limitsKey, ARGV[at])) or tonumber(ARGV[at + 1]),
    fifteenMinutes = ARGV[at + 4] == '1',
    ttl = ARGV[at + 5],
  }
  buckets[i] = bucket
  local usage = tonumber(ARGV[at + 2])
  if usage >= 0 then
    if usage >= bucket.limit then explained = true end
    local used = tonumber(redis.call('GET', bucket.current)) or 0
    local usedBefore = tonumber(redis.call('GET', KEYS[2 * i + 1])) or 0
    local belongsBefore = ARGV[at + 3] == '1' and usage <= usedBefore
    if usage > used and not belongsBefore then
      redis.call('SET', bucket.current, usage, 'PX', bucket.ttl)
    end
  end
  at = at + 6
end
if refused and not explained then
  for _, bucket in ipairs(buckets) do
    if bucket.fifteenMinutes then
      local used = tonumber(redis.call('GET', bucket.current)) or 0
      if used < bucket.limit then redis.call('SET', bucket.current, bucket.limit, 'PX', bucket.ttl) end
    end
  end
end
return 0
`;
