-- Base library. Blocks run with this file's directory as cwd (data/ helpers).

do --- assert-passes-values
  assert(assert(5) == 5)
  assert(select("#", assert(1, nil, 3)) == 3)
end

do --- collectgarbage-count
  local kb = collectgarbage("count")
  assert(type(kb) == "number" and kb > 0)
  local t = {}
  for i = 1, 10000 do t[i] = {} end
  assert(collectgarbage("count") > kb)
end

do --- collectgarbage-collect-frees
  local t = {}
  for i = 1, 20000 do t[i] = {i} end
  local before = collectgarbage("count")
  t = nil
  assert(collectgarbage("collect") == 0)
  assert(collectgarbage("count") < before)
end

do --- collectgarbage-default-is-collect
  assert(collectgarbage() == 0)
end

do --- collectgarbage-stop-restart
  collectgarbage("stop")
  collectgarbage("restart")
  assert(collectgarbage("step", 0) ~= nil)
end

do --- collectgarbage-step-returns-boolean
  local r = collectgarbage("step")
  assert(type(r) == "boolean")
  local done = false
  for i = 1, 1000 do if collectgarbage("step", 100) then done = true; break end end
  assert(done)
end

do --- collectgarbage-setpause-setstepmul
  local p = collectgarbage("setpause", 150)
  assert(type(p) == "number")
  assert(collectgarbage("setpause", p) == 150)
  local m = collectgarbage("setstepmul", 300)
  assert(type(m) == "number")
  assert(collectgarbage("setstepmul", m) == 300)
end

do --- collectgarbage-bad-option
  local ok, err = pcall(collectgarbage, "bogus")
  assert(not ok and err:find("invalid option"), err)
end

do --- gcinfo-is-count-in-kb
  local g = gcinfo()
  assert(type(g) == "number" and g > 0 and g == math.floor(g))
  assert(math.abs(g - collectgarbage("count")) < 64)
end

do --- dofile-returns-values
  local n, v = dofile("data/ret42.lua")
  assert(n == 0 and v == 42)
end

do --- dofile-missing-raises
  local ok, err = pcall(dofile, "data/does-not-exist.lua")
  assert(not ok and err:find("does%-not%-exist"), err)
end

do --- dofile-syntax-error-raises
  local ok, err = pcall(dofile, "data/syntaxerr.lua")
  assert(not ok and err:find("syntaxerr.lua:1:"), err)
end

do --- loadfile-ok-and-args
  local f = assert(loadfile("data/ret42.lua"))
  local n, v = f(1, 2, 3)
  assert(n == 3 and v == 42)
end

do --- loadfile-errors-returned
  local f, err = loadfile("data/nope.lua")
  assert(f == nil and err:find("nope.lua"), err)
  f, err = loadfile("data/syntaxerr.lua")
  assert(f == nil and err:find("^data/syntaxerr.lua:1:"), err)
end

do --- loadfile-skips-shebang
  assert(loadfile("data/shebang.lua")() == "shebang ok")
end

do --- loadstring-basic-and-chunkname
  assert(loadstring("return 1 + 1")() == 2)
  local f, err = loadstring("error('x')", "=mychunk")
  local ok, e = pcall(f)
  assert(e == "mychunk:1: x", e)
  f = loadstring("error('x')", "@file.lua")
  ok, e = pcall(f)
  assert(e == "file.lua:1: x", e)
end

do --- loadstring-default-chunkname
  local f = loadstring("error('x')")
  local ok, e = pcall(f)
  assert(e == [[[string "error('x')"]:1: x]], e)
end

do --- loadstring-long-source-chunkname-truncated
  local src = "error('x') -- " .. string.rep("a", 100)
  local ok, e = pcall(loadstring(src))
  assert(e:find('^%[string "error%(\'x\'%) %-%- a+%.%.%."%]:1: x$'), e)
  ok, e = pcall(loadstring("\nerror('y')"))
  assert(e == '[string "..."]:2: y', e)
end

do --- loadstring-syntax-error-returns-nil-msg
  local f, err = loadstring("x =", "=c")
  assert(f == nil and err == "c:1: unexpected symbol near '<eof>'", err)
end

do --- load-with-reader-function
  local parts = {"return ", "1 ", "+ 41"}
  local i = 0
  local f = load(function() i = i + 1; return parts[i] end)
  assert(f() == 42)
end

do --- load-reader-empty-string-ends
  local done = false
  local f = load(function() if done then return "" end done = true; return "return 7" end)
  assert(f() == 7)
end

do --- load-reader-one-char-at-a-time
  local src, i = "local a = 'xyz' return a:upper()", 0
  local f = load(function() i = i + 1; return src:sub(i, i) end, "=chars")
  assert(f() == "XYZ")
end

do --- load-reader-error-and-bad-type
  local f, err = load(function() return {} end)
  assert(f == nil and err:find("reader function must return a string"), err)
  -- An error inside the reader is reported (returned or raised), never a chunk.
  local ok, g, e = pcall(load, function() error("reader", 0) end)
  assert((ok and g == nil and e == "reader") or (not ok and g == "reader"))
end

do --- load-syntax-error
  local i = 0
  local f, err = load(function() i = i + 1; if i == 1 then return "return +" end end, "=r")
  assert(f == nil and err:find("^r:1:"), err)
end

do --- loadstring-binary-roundtrip
  local f = loadstring("local a, b = ... return a * b")
  local g = loadstring(string.dump(f))
  assert(g(6, 7) == 42)
end

do --- getfenv-setfenv-function
  local env = {x = "env x"}
  local function f() return x end
  setfenv(f, env)
  assert(f() == "env x")
  assert(getfenv(f) == env)
end

do --- getfenv-default-is-globals
  assert(getfenv() == _G and getfenv(0) == _G and getfenv(1) == _G)
  assert(getfenv(print) == _G)
end

do --- setfenv-level
  local function f()
    setfenv(1, {result = "ok", assert = assert})
    return result
  end
  assert(f() == "ok")
end

do --- setfenv-loadstring-sandbox
  local f = loadstring("y = 5; return z")
  local env = {z = "zz"}
  setfenv(f, env)
  assert(f() == "zz" and env.y == 5 and rawget(_G, "y") == nil)
end

do --- setfenv-env-with-index-fallback
  local f = loadstring("return tostring(1) .. v")
  setfenv(f, setmetatable({v = "!"}, {__index = _G}))
  assert(f() == "1!")
end

do --- setfenv-inherited-by-closures
  local f = loadstring("return function() return w end")
  setfenv(f, {w = "inner"})
  assert(f()() == "inner")
end

do --- setfenv-errors
  assert(not pcall(setfenv, print, {}))
  assert(not pcall(setfenv, 1, 1))
  assert(not pcall(getfenv, 100))
end

do --- setfenv-returns-function
  local f = function() end
  assert(setfenv(f, {}) == f)
end

do --- getmetatable-setmetatable-types
  assert(getmetatable({}) == nil and getmetatable(1) == nil and getmetatable(nil) == nil)
  assert(not pcall(setmetatable, {}, 1))
  assert(not pcall(setmetatable, 1, {}))
end

do --- ipairs-stops-at-nil
  local n = 0
  for i, v in ipairs({1, 2, nil, 4}) do n = n + 1 end
  assert(n == 2)
  local f, s, c = ipairs({})
  assert(type(f) == "function" and c == 0)
end

do --- ipairs-no-index-metamethod-raw
  local t = setmetatable({}, {__index = function(_, i) if i <= 3 then return i end end})
  local n = 0
  for _ in ipairs(t) do n = n + 1 end
  -- LuaJIT's ipairs does not consult __index (5.1 semantics).
  assert(n == 0)
end

do --- next-semantics
  assert(next({}) == nil)
  local k, v = next({10})
  assert(k == 1 and v == 10)
  local t = {a = 1}
  assert(next(t, "a") == nil)
  assert(not pcall(next, t, "missing"))
end

do --- pairs-returns-next
  local f, t, c = pairs({})
  assert(f == next and c == nil)
end

do --- pairs-covers-array-and-hash
  local t = {1, 2, 3, x = 1, y = 2}
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = tostring(k) end
  table.sort(keys)
  assert(table.concat(keys, ",") == "1,2,3,x,y")
end

do --- print-uses-tostring
  local called = false
  local saved = tostring
  tostring = function(v) called = true; return saved(v) end
  print("x", 1, nil, true)
  tostring = saved
  assert(called)
end

do --- rawequal
  local mt = {__eq = function() return true end}
  local a, b = setmetatable({}, mt), setmetatable({}, mt)
  assert(a == b and not rawequal(a, b) and rawequal(a, a))
  assert(rawequal(1, 1) and not rawequal(1, "1") and rawequal("a", "a"))
end

do --- rawget-rawset
  local t = setmetatable({}, {__index = function() return "mm" end, __newindex = function() error("no") end})
  assert(rawget(t, "k") == nil)
  assert(rawset(t, "k", "v") == t)
  assert(rawget(t, "k") == "v")
  assert(not pcall(rawset, t, nil, 1))
  assert(not pcall(rawget, 1, 1))
end

do --- type-names
  assert(type(nil) == "nil" and type(true) == "boolean" and type(1) == "number")
  assert(type("") == "string" and type({}) == "table" and type(print) == "function")
  assert(type(newproxy()) == "userdata" and type(coroutine.create(print)) == "thread")
  assert(not pcall(type))
end

do --- unpack-is-global
  assert(unpack == table.unpack or table.unpack == nil)
  assert(select("#", unpack({1, 2, 3}, 2)) == 2)
end

do --- globals-table
  assert(_G._G == _G and _G.print == print)
  assert(_VERSION == "Lua 5.1")
end

do --- newproxy-argument-check
  assert(not pcall(newproxy, {}))
  local u = newproxy(true)
  assert(tostring(u):match("^userdata: "))
end

do --- tostring-basic-types
  assert(tostring(nil) == "nil" and tostring(true) == "true" and tostring(false) == "false")
  assert(tostring("s") == "s")
  assert(tostring({}):match("^table: 0x%x+$"))
  assert(tostring(print):match("^function: builtin#%d+$") or tostring(print):match("^function: 0x"))
  assert(tostring(function() end):match("^function: 0x%x+$"))
  assert(not pcall(tostring))
end

do --- xpcall-passes-no-extra-args-5-1
  -- In 5.1 xpcall does not forward extra arguments; LuaJIT 2.1 does.
  local ok, v = xpcall(function(a) return a end, print, "arg")
  assert(ok and (v == "arg" or v == nil))
end

do --- load-mode-and-env-arguments
  local bin = string.dump(function() return 1 end)
  assert(select(2, loadstring("return 1", "n", "b")) == "attempt to load chunk with wrong mode")
  assert(select(2, loadstring(bin, "n", "t")) == "attempt to load chunk with wrong mode")
  assert(loadstring(bin, "n", "b")() == 1 and loadstring("return 2", "n", "t")() == 2)
  assert(select(2, load("return 1", "n", "x")) == "attempt to load chunk with wrong mode")
  assert(load("return x", "n", "t", {x = 5})() == 5)
  assert(loadstring("return x", "n", "bt", {x = 6})() == 6)
end

do --- tostring-of-string-ignores-string-tostring
  -- LuaJIT returns a string as it is, whatever __tostring the string metatable has.
  local mt = getmetatable("")
  mt.__tostring = function() return "changed" end
  local s = tostring("x")
  mt.__tostring = nil
  assert(s == "x")
end
