-- error, pcall, xpcall: values, levels, handlers.

do --- error-string-gets-position
  local ok, err = pcall(function() error("msg") end)
  assert(not ok and err:match("^[^:]+:%d+: msg$"), err)
end

do --- error-level-0-no-position
  local ok, err = pcall(function() error("msg", 0) end)
  assert(err == "msg")
end

do --- error-level-2-points-to-caller
  local function thrower() error("lvl2", 2) end
  local function caller()
    thrower() -- this line
  end
  local ok, err = pcall(caller)
  local line = err:match(":(%d+): lvl2$")
  assert(line, err)
  local _, l2 = pcall(function() error("x") end)
  assert(tonumber(line) < tonumber(l2:match(":(%d+):")))
end

do --- error-level-2-exact-line
  local function check(x) if not x then error("bad", 2) end end
  local ok, err = pcall(function()
    check(false)
  end)
  local info = debug.getinfo(1, "l")
  assert(tonumber(err:match(":(%d+): bad")) == info.currentline - 2, err)
end

do --- error-table-value
  local e = {code = 42}
  local ok, err = pcall(error, e)
  assert(not ok and err == e and err.code == 42)
end

do --- error-nil-value
  local ok, err = pcall(error, nil)
  assert(ok == false and err == nil)
  ok, err = pcall(error)
  assert(ok == false and err == nil)
end

do --- error-number-value-not-positioned
  local ok, err = pcall(function() error(42) end)
  -- Numbers are strings for error(): the position is prepended.
  assert(type(err) == "string" and err:match(":%d+: 42$"), tostring(err))
end

do --- error-boolean-and-function-values
  local f = function() end
  local ok, err = pcall(error, false)
  assert(ok == false and err == false)
  ok, err = pcall(error, f)
  assert(err == f)
end

do --- pcall-returns-all-results
  local ok, a, b, c = pcall(function() return 1, nil, 3 end)
  assert(ok == true and a == 1 and b == nil and c == 3)
  assert(select("#", pcall(function() end)) == 1)
end

do --- pcall-passes-arguments
  local ok, s = pcall(function(a, b) return a .. b end, "x", "y")
  assert(ok and s == "xy")
end

do --- pcall-non-function
  local ok, err = pcall(42)
  assert(not ok and err:find("attempt to call a number value"), err)
  assert(not pcall(pcall))
end

do --- pcall-nested
  local ok, err = pcall(function()
    local ok2, err2 = pcall(error, "inner", 0)
    assert(not ok2 and err2 == "inner")
    error("outer", 0)
  end)
  assert(not ok and err == "outer")
end

do --- pcall-builtin-directly
  assert(pcall(print) == true)
  local ok, v = pcall(string.rep, "a", 3)
  assert(ok and v == "aaa")
end

do --- xpcall-handler-receives-error
  local got
  local ok, r = xpcall(function() error({1}) end, function(e) got = e; return "handled" end)
  assert(not ok and r == "handled" and got[1] == 1)
end

do --- xpcall-handler-adds-traceback
  local ok, tb = xpcall(function() error("boom") end, debug.traceback)
  assert(not ok and tb:find("boom") and tb:find("stack traceback:"), tb)
end

do --- xpcall-success
  local ok, a, b = xpcall(function() return 1, 2 end, error)
  assert(ok and a == 1 and b == 2)
end

do --- xpcall-handler-runs-before-unwind
  local depth
  local function deep() error("x") end
  xpcall(function() deep() end, function(e)
    depth = debug.getinfo(3, "n")
    return e
  end)
  assert(depth ~= nil)
end

do --- xpcall-error-in-handler
  local ok, err = xpcall(function() error("a") end, function(e) error("b") end)
  assert(not ok)
end

do --- xpcall-runtime-error
  local ok, msg = xpcall(function() local x = nil; return x.y end, function(e) return "H:" .. e end)
  assert(not ok and msg:find("^H:.*attempt to index"), msg)
end

do --- error-rethrow-preserves-value
  local ok, err = pcall(function()
    local ok2, e = pcall(error, "orig", 0)
    error(e, 0)
  end)
  assert(err == "orig")
end

do --- error-with-tostring-object
  local e = setmetatable({}, {__tostring = function() return "custom" end})
  local ok, err = pcall(error, e)
  assert(err == e and tostring(err) == "custom")
end

do --- stack-overflow-is-catchable
  local function rec() return 1 + rec() end
  local ok, err = pcall(rec)
  assert(not ok and err:find("stack overflow"), err)
  -- The VM must be usable afterwards.
  assert(pcall(rec) == false)
  local function f(n) if n == 0 then return 0 end return 1 + f(n - 1) end
  assert(f(1000) == 1000)
end

do --- stack-overflow-in-metamethod-chain
  local t = setmetatable({}, {})
  getmetatable(t).__index = function(tt, k) return tt[k] end
  local ok, err = pcall(function() return t.x end)
  assert(not ok)
end

do --- stack-overflow-in-xpcall-handler-caught
  local function rec() return 1 + rec() end
  local ok, err = xpcall(rec, function(e) return "handled: " .. tostring(e) end)
  assert(not ok)
end

do --- assert-returns-args
  local a, b, c = assert(1, 2, 3)
  assert(a == 1 and b == 2 and c == 3)
end

do --- assert-messages
  local ok, err = pcall(assert, false)
  assert(err == "assertion failed!")
  ok, err = pcall(assert, nil, "custom")
  assert(err == "custom")
  ok, err = pcall(assert, false, {1})
  assert(type(err) == "table")
  ok, err = pcall(assert)
  assert(not ok and err:find("bad argument #1"), err)
end

do --- error-in-pcall-in-loop
  local n = 0
  for i = 1, 1000 do
    local ok = pcall(error, i)
    if not ok then n = n + 1 end
  end
  assert(n == 1000)
end

do --- stack-overflow-repeated-keeps-position
  -- Every overflow is reported where it happened, not just the first one.
  local function y() y() end
  for _ = 1, 3 do
    local ok, e = pcall(y)
    assert(not ok and string.find(e, "^.-:%d+: stack overflow"), e)
  end
  local ok, e = xpcall(y, function (m) return "handled: " .. m end)
  assert(not ok and string.find(e, "^handled: .-:%d+: stack overflow"), e)
end

do --- assert-message-gets-position
  -- A string or number message gets the caller's position, as `error` adds it.
  local ok, e = pcall(function () assert(false, "msg") end)
  assert(not ok and string.find(e, "^.-:%d+: msg$"), e)
  ok, e = pcall(function () assert(nil, 12) end)
  assert(not ok and type(e) == "string" and string.find(e, "^.-:%d+: 12$"), e)
  local t = {}
  ok, e = pcall(function () assert(false, t) end)
  assert(not ok and e == t)
end
