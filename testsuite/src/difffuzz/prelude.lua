-- difffuzz prelude: helpers every generated program starts with.
-- P prints its arguments on one line, each shown by S: numbers with 17
-- significant digits (so a one-ulp difference shows), strings quoted, and
-- other values by type only (their addresses differ from run to run).
local P, S, V, O, OMT
do
  local fmt, type, tostring, select, concat = string.format, type, tostring, select, table.concat
  function S(v)
    local t = type(v)
    if t == "number" then return fmt("%.17g", v) end
    if t == "string" then return fmt("%q", v) end
    if t == "nil" or t == "boolean" then return tostring(v) end
    return t
  end
  function P(...)
    local n = select("#", ...)
    local parts = {}
    for i = 1, n do parts[i] = S((select(i, ...))) end
    print(n .. ":", concat(parts, " "))
  end
  -- Objects: tables with a value `v` and a metatable whose metamethods all
  -- return numbers (or strings for __concat), so they mix into safe arithmetic.
  function V(x)
    if type(x) == "table" then return rawget(x, "v") or 0 end
    return x
  end
  OMT = {
    __add = function(a, b) return V(a) + V(b) end,
    __sub = function(a, b) return V(a) - V(b) end,
    __mul = function(a, b) return V(a) * V(b) end,
    __div = function(a, b) return V(a) / V(b) end,
    __mod = function(a, b) return V(a) % V(b) end,
    __pow = function(a, b) return V(a) ^ V(b) end,
    __unm = function(a) return -V(a) end,
    __concat = function(a, b) return "<" .. tostring(V(a)) .. "|" .. tostring(V(b)) .. ">" end,
    __eq = function(a, b) return V(a) == V(b) end,
    __lt = function(a, b) return V(a) < V(b) end,
    __le = function(a, b) return V(a) <= V(b) end,
    __call = function(self, ...) return select("#", ...) + V(self) end,
    __len = function() return 99 end,
    __index = function(t, k)
      if type(k) == "number" then return k * 2 end
      return #tostring(k)
    end,
    __newindex = function(t, k, v) rawset(t, k, v) end,
  }
  function O(v) return setmetatable({v = v}, OMT) end
end
-- A traceback with its addresses masked (programs print no addresses).
local function T(s) return (string.gsub(s, "0x%x+", "0x?")) end
-- Sorted dump of a table's keys and values, and its pairs() order.
local function D(t)
  local keys, order = {}, {}
  for k, v in pairs(t) do
    keys[#keys + 1] = S(k) .. "=" .. S(v)
    order[#order + 1] = S(k)
  end
  table.sort(keys)
  print("dump", #t, table.concat(keys, ","), table.concat(order, ","))
end
math.randomseed(12345)
