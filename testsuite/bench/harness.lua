-- harness.lua: the shared driver of every benchmark in this directory.
--
-- A benchmark file defines its kernel and hands it to `run`:
--   local bench = dofile((arg[0]:match("^(.*)/") or ".") .. "/harness.lua")
--   bench.run(function(size) ... return result end)
-- Command line: `vm NAME.lua [SIZE [ITERS]]`. SIZE defaults to the bench size
-- in `index` (the one table of sizes); ITERS (default 1) is how many times the
-- kernel runs in this process, for warm-up measurement. Each iteration's CPU
-- time goes to stderr as `@iter <seconds>` (the runner parses these lines);
-- the result is printed once on stdout, after checking that every iteration
-- computed the same one. A benchmark that needs a library the VM lacks writes
-- `@skip <reason>` to stderr and exits 0, so the runner can say why.
local bench = {}

local dir = arg and arg[0] and arg[0]:match("^(.*)/") or "."
local name = arg and arg[0] and (arg[0]:match("([^/]+)%.lua$")) or "?"

-- The bench size of this benchmark, from `index` (fields: name check bench).
local function default_size()
  local f = io.open(dir .. "/index", "r")
  if f then
    for line in f:lines() do
      local n, _, size = line:match("^(%S+)%s+(%S+)%s+(%S+)")
      if n == name .. ".lua" then
        f:close()
        return tonumber(size)
      end
    end
    f:close()
  end
  error("harness: no size given and " .. name .. ".lua is not in " .. dir .. "/index")
end

-- Returns the bit library, or skips the benchmark when the VM has none
-- (plain lua5.1 without LuaBitOp).
function bench.need_bit()
  if bit then return bit end
  local ok, lib = pcall(require, "bit")
  if ok then return lib end
  io.stderr:write("@skip no bit library\n")
  os.exit(0)
end

-- Runs `kernel(size)` ITERS times, timing each run, and prints the result.
function bench.run(kernel)
  local size = tonumber(arg and arg[1]) or default_size()
  local iters = tonumber(arg and arg[2]) or 1
  local result
  for i = 1, iters do
    local t0 = os.clock()
    local r = kernel(size)
    local t = os.clock() - t0
    io.stderr:write(string.format("@iter %.6f\n", t))
    if i > 1 and r ~= result then
      error(string.format("iteration %d computed %s, the first computed %s",
        i, tostring(r), tostring(result)))
    end
    result = r
  end
  print(result)
end

-- A Park-Miller generator: exact in doubles (products stay below 2^53), so
-- every VM draws the same sequence.
function bench.rng(seed)
  local s = seed
  return function()
    s = (s * 16807) % 2147483647
    return s
  end
end

return bench
