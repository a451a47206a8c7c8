-- Helpers shared by the interp/ test files (each prologue loads them with dofile).
-- Not a test file itself: the index does not list it.

local M = {}

-- One value as deterministic text: numbers as %.17g (so -0, inf and nan show as
-- LuaJIT spells them), strings quoted, other objects by type only (no addresses).
function M.show(v)
  local t = type(v)
  if t == "number" then
    return string.format("%.17g", v)
  elseif t == "string" then
    return '"' .. v .. '"'
  elseif t == "nil" or t == "boolean" then
    return tostring(v)
  end
  return t
end

-- All arguments (nils included) as one comma-separated string.
function M.list(...)
  local out = {}
  for i = 1, select("#", ...) do
    out[i] = M.show((select(i, ...)))
  end
  return table.concat(out, ", ")
end

-- pcall(f, ...) as text: `true, results...` or `false, "message"`.
function M.try(f, ...)
  return M.list(pcall(f, ...))
end

-- Fail unless got == want. In want, `@` stands for `stdin:<line of the caller>`
-- (the position of errors raised on the checking line) and `@-N` / `@+N` for
-- positions N lines above or below it.
function M.eq(got, want)
  if want:find("@", 1, true) then
    local line = debug.getinfo(2, "l").currentline
    want = want:gsub("@([+-]?%d*)", function(d) return "stdin:" .. (line + (tonumber(d) or 0)) end)
  end
  if got ~= want then
    error("\n got: " .. tostring(got) .. "\nwant: " .. want, 2)
  end
end

return M
