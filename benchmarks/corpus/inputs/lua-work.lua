-- A fixed Lua workload for the wasmoon host (benchmarks/corpus/hosts/lua.mjs), written for reprise.
-- SCALE is set by the host. Returns a summary string.
local h = 2166136261
local function mix(x)
  h = ((h ~ (x & 0xffffffff)) * 16777619) & 0xffffffff
end

-- tables and sorting
local t = {}
local seed = 7
for i = 1, 20000 * SCALE do
  seed = (seed * 1103515245 + 12345) & 0x7fffffff
  t[i] = { key = seed % 1000, id = i }
end
table.sort(t, function(a, b) if a.key ~= b.key then return a.key < b.key end return a.id < b.id end)
for i = 1, #t, 101 do mix(t[i].id) end

-- strings: gsub, format, patterns
local words = {}
for w in ("the quick brown fox jumps over the lazy dog and keeps running far away"):gmatch("%a+") do
  words[#words + 1] = w
end
local buf = {}
for i = 1, 5000 * SCALE do
  buf[#buf + 1] = string.format("%s-%d", words[i % #words + 1], i * 7 % 1000)
end
local s = table.concat(buf, ",")
local count = 0
for _ in s:gmatch("o%a*%-%d%d") do count = count + 1 end
mix(count)
mix(#s:gsub("%d", "#"))

-- coroutines: a generator pipeline
local function gen(n)
  return coroutine.wrap(function()
    for i = 1, n do coroutine.yield(i) end
  end)
end
local sum = 0
for v in gen(30000 * SCALE) do
  if v % 3 == 0 or v % 5 == 0 then sum = sum + v end
end
mix(sum)

-- closures and metatables: a small vector class
local Vec = {}
Vec.__index = Vec
Vec.__add = function(a, b) return setmetatable({ x = a.x + b.x, y = a.y + b.y }, Vec) end
function Vec.new(x, y) return setmetatable({ x = x, y = y }, Vec) end
function Vec:len2() return self.x * self.x + self.y * self.y end
local acc = Vec.new(0, 0)
for i = 1, 20000 * SCALE do acc = acc + Vec.new(i % 7, -(i % 5)) end
mix(acc:len2())

-- floating point: a small n-body step loop
local bodies = {}
for i = 1, 5 do bodies[i] = { x = i, y = i * 0.5, vx = 0, vy = 0, m = 1 + i * 0.1 } end
for step = 1, 2000 * SCALE do
  for i = 1, #bodies do
    local bi = bodies[i]
    for j = i + 1, #bodies do
      local bj = bodies[j]
      local dx, dy = bj.x - bi.x, bj.y - bi.y
      local d2 = dx * dx + dy * dy + 0.01
      local f = 0.001 / (d2 * math.sqrt(d2))
      bi.vx = bi.vx + dx * f * bj.m; bi.vy = bi.vy + dy * f * bj.m
      bj.vx = bj.vx - dx * f * bi.m; bj.vy = bj.vy - dy * f * bi.m
    end
  end
  for i = 1, #bodies do local b = bodies[i]; b.x = b.x + b.vx; b.y = b.y + b.vy end
end
local energy = 0
for i = 1, #bodies do local b = bodies[i]; energy = energy + 0.5 * b.m * (b.vx * b.vx + b.vy * b.vy) end

return string.format("count=%d sum=%d energy=%.9f h=%08x", count, sum, energy, h)
