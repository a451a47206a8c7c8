-- binarytrees.lua: allocation and GC of many short-lived binary trees. Size: maximum depth.
local bench = dofile((arg[0]:match("^(.*)/") or ".") .. "/harness.lua")

local function make(depth)
  if depth == 0 then return {} end
  return {make(depth - 1), make(depth - 1)}
end

local function check(t)
  if t[1] then return 1 + check(t[1]) + check(t[2]) end
  return 1
end

bench.run(function(maxdepth)
  local out = {}
  local longlived = make(maxdepth)
  local mindepth = 4
  for d = mindepth, maxdepth, 2 do
    local iters = 2 ^ (maxdepth - d + mindepth)
    local c = 0
    for _ = 1, iters do c = c + check(make(d)) end
    out[#out + 1] = iters .. "x" .. d .. "=" .. c
  end
  out[#out + 1] = "long=" .. check(longlived)
  return table.concat(out, " ")
end)
