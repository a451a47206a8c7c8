-- Debug library.

do --- debug-traceback-string
  local s = debug.traceback("msg")
  assert(type(s) == "string")
  assert(s:sub(1, 21) == "msg\nstack traceback:\n")
end

do --- debug-traceback-no-message
  local s = debug.traceback()
  assert(s:sub(1, 17) == "stack traceback:\n")
end

do --- debug-traceback-non-string-returned-as-is
  local t = {}
  assert(debug.traceback(t) == t)
  assert(debug.traceback(nil) == nil)
  assert(debug.traceback(true) == true)
  assert(debug.traceback(12):sub(1, 3) == "12\n")
end

do --- debug-traceback-level
  local function f() return debug.traceback("x", 1), debug.traceback("x", 2) end
  local a, b = f()
  assert(#a > #b)
  assert(a:sub(-#b + 0) ~= nil)
end

do --- debug-traceback-names-function
  local function inner() local s = debug.traceback(); return s end
  local s = inner()
  local want = "in function 'inner'"
  local found = false
  for i = 1, #s - #want + 1 do if s:sub(i, i + #want - 1) == want then found = true end end
  assert(found)
end

do --- debug-getinfo-level
  local here = debug.getinfo(1, "l").currentline
  local function f()
    local i = debug.getinfo(1)
    return i
  end
  local i = f()
  assert(i.what == "Lua")
  assert(i.currentline == here + 2)
  assert(i.linedefined == here + 1 and i.lastlinedefined == here + 4)
  assert(i.name == "f" and i.namewhat == "local")
  assert(i.func == f)
  assert(i.nups == 0)
  assert(i.short_src == "stdin" or type(i.short_src) == "string")
  assert(i.source:sub(1, 1) == "@" or i.source:sub(1, 1) == "=")
end

do --- debug-getinfo-level-zero-is-getinfo
  local i = debug.getinfo(0)
  assert(i.what == "C" and i.func == debug.getinfo)
  assert(i.currentline == -1 and i.linedefined == -1)
end

do --- debug-getinfo-invalid-level
  assert(debug.getinfo(1000) == nil)
  assert(debug.getinfo(-1) == nil)
end

do --- debug-getinfo-function
  local function g(a, b) return a + b end
  local i = debug.getinfo(g, "Su")
  assert(i.what == "Lua" and i.nups == 0)
  assert(i.currentline == nil)
  local c = debug.getinfo(print)
  assert(c.what == "C" and c.source == "=[C]" and c.short_src == "[C]")
  assert(c.currentline == -1)
end

do --- debug-getinfo-main
  local i = debug.getinfo(1, "S")
  assert(i.what == "main" and i.linedefined == 0)
  assert(debug.getinfo(2, "S").what == "C")
end

do --- debug-getinfo-global-name
  function debug_test_global() local i = debug.getinfo(1, "n"); return i end
  local i = debug_test_global()
  assert(i.name == "debug_test_global" and i.namewhat == "global")
  debug_test_global = nil
end

do --- debug-getinfo-method-name
  local obj = {}
  function obj:m() local i = debug.getinfo(1, "n"); return i end
  local i = obj:m()
  assert(i.name == "m" and i.namewhat == "method")
end

do --- debug-getinfo-activelines
  local here = debug.getinfo(1, "l").currentline
  local function f(x)
    local y = x
    return y
  end
  local t = debug.getinfo(f, "L").activelines
  assert(t[here + 2] and t[here + 3])
  assert(not t[here + 1] and not t[here])
end

do --- debug-getlocal
  local function f(a, b)
    local c = a + b
    local name, v = debug.getlocal(1, 3)
    return name, v, debug.getlocal(1, 1)
  end
  local n, v, n1, v1 = f(10, 20)
  assert(n == "c" and v == 30 and n1 == "a" and v1 == 10)
end

do --- debug-getlocal-out-of-range
  local x = 5
  assert(debug.getlocal(1, 1000) == nil)
  local ok, err = pcall(debug.getlocal, 1000, 1)
  assert(not ok and err:sub(-20) == "(level out of range)")
end

do --- debug-getlocal-function-params
  local function f(alpha, beta) local gamma end
  assert(debug.getlocal(f, 1) == "alpha")
  assert(debug.getlocal(f, 2) == "beta")
  assert(debug.getlocal(f, 3) == nil)
end

do --- debug-setlocal
  local function f()
    local x = 1
    assert(debug.setlocal(1, 1, 42) == "x")
    return x
  end
  assert(f() == 42)
end

do --- debug-getlocal-caller
  local function g() local n, v = debug.getlocal(2, 1); return n, v end
  local function f() local outer = "o"; local n, v = g(); return n, v end
  local n, v = f()
  assert(n == "outer" and v == "o")
end

do --- debug-getupvalue-setupvalue
  local a, b = 1, 2
  local function f() return a + b end
  local n, v = debug.getupvalue(f, 1)
  assert(n == "a" and v == 1)
  n, v = debug.getupvalue(f, 2)
  assert(n == "b" and v == 2)
  assert(debug.getupvalue(f, 3) == nil)
  assert(debug.setupvalue(f, 1, 10) == "a")
  assert(a == 10 and f() == 12)
end

do --- debug-upvalueid-upvaluejoin
  local a, b = 1, 2
  local function f() return a end
  local function g() return a end
  local function h() return b end
  assert(debug.upvalueid(f, 1) == debug.upvalueid(g, 1))
  assert(debug.upvalueid(f, 1) ~= debug.upvalueid(h, 1))
  debug.upvaluejoin(f, 1, h, 1)
  assert(f() == 2)
  assert(debug.upvalueid(f, 1) == debug.upvalueid(h, 1))
  assert(not pcall(debug.upvalueid, f, 5))
end

do --- debug-metatable-raw
  local mt = {__metatable = "locked"}
  local t = setmetatable({}, mt)
  assert(getmetatable(t) == "locked")
  assert(debug.getmetatable(t) == mt)
  assert(debug.setmetatable(t, nil) == true)
  assert(getmetatable(t) == nil)
end

do --- debug-metatable-base-types
  local mt = {__index = function(n, k) return k * 2 end}
  debug.setmetatable(0, mt)
  assert(debug.getmetatable(1) == mt)
  assert((7)[3] == 6)
  debug.setmetatable(0, nil)
  assert(debug.getmetatable(1) == nil)
  debug.setmetatable(true, {__index = {yes = 1}})
  assert((false).yes == 1 and (true).yes == 1)
  debug.setmetatable(false, nil)
end

do --- debug-getfenv-setfenv
  local function f() return x_in_env end
  local env = {x_in_env = 9}
  assert(debug.setfenv(f, env) == f)
  assert(debug.getfenv(f) == env)
  assert(f() == 9)
  assert(debug.getfenv(1) == nil)
  assert(not pcall(debug.setfenv, 1, {}))
end

do --- debug-getregistry
  assert(type(debug.getregistry()) == "table")
end

do --- debug-traceback-thread
  local co = coroutine.create(function() coroutine.yield() end)
  coroutine.resume(co)
  local s = debug.traceback(co)
  assert(s:sub(1, 16) == "stack traceback:")
  local i = debug.getinfo(co, 0)
  assert(i ~= nil)
end

do --- sethook-call-return-line-events
  jit.off()  -- LuaJIT-compiled loops would not see count and line hooks
  local function f() return 1 end
  local function g() return f() end
  local ev = {}
  local here = debug.getinfo(1, "l").currentline
  debug.sethook(function(e, l) ev[#ev + 1] = e .. (l and (":" .. (l - here)) or "") end, "crl")
  local x = f()
  local y = g()
  for i = 1, 2 do
    x = x + i
  end
  debug.sethook()
  -- Lines are relative to the sethook line; C calls give call events only; a tail
  -- call is a call, and one return ends both.
  assert(table.concat(ev, " ") == "line:2 call line:-3 return line:3 call line:-2 call line:-3 "
    .. "return line:4 line:5 line:4 line:5 line:4 line:7 call", table.concat(ev, " "))
end

do --- sethook-count-stops-a-runaway-loop
  jit.off()  -- LuaJIT-compiled loops would not see count and line hooks
  local ok, err = pcall(function()
    debug.sethook(function() error("too long") end, "", 1000)
    while true do end
  end)
  debug.sethook()
  assert(not ok and err:find("too long"), err)
end

do --- gethook-reports-the-hook
  local h = function() end
  debug.sethook(h, "cr", 7)
  local f, mask, count = debug.gethook()
  debug.sethook()
  assert(f == h and mask == "cr" and count == 7)
  f, mask, count = debug.gethook()
  assert(f == nil and mask == "" and count == 0)
end

do --- hook-sees-the-hooked-function
  jit.off()  -- LuaJIT-compiled loops would not see count and line hooks
  local names = {}
  local function target() return 1 end
  debug.sethook(function(e)
    local info = debug.getinfo(2, "nS")
    if e == "call" and info.what == "Lua" then names[#names + 1] = info.name end
  end, "c")
  target()
  debug.sethook()
  assert(names[1] == "target", tostring(names[1]))
end

do --- debug-debug-runs-commands-until-cont
  local i = -1
  while arg[i - 1] do i = i - 1 end
  local parts = {}
  for k = i, -1 do parts[#parts + 1] = "'" .. arg[k] .. "'" end
  local function run(redirect)
    local p = io.popen([[printf 'print(1)\nerror("x")\nsyntax(\ncont\nprint(2)\n' | ]]
      .. table.concat(parts, " ") .. [[ -e 'debug.debug() print("after")' ]] .. redirect)
    local out = p:read("*a")
    p:close()
    return out
  end
  local out = run("2>/dev/null")
  assert(out == "1\nafter\n", out)
  out = run("2>&1 >/dev/null")
  assert(out == "lua_debug> lua_debug> (debug command):1: x\n"
    .. "lua_debug> (debug command):2: unexpected symbol near '<eof>'\nlua_debug> ", out)
end

do --- debug-getupvalue-io-functions-have-none
  -- io functions keep their state outside upvalues, as in LuaJIT.
  assert(debug.getupvalue(io.read, 1) == nil)
  assert(debug.setupvalue(io.read, 1, 10) == nil)
  io.write("")  -- and they still find it
end
