-- Runtime error messages (LuaJIT wording) and their positions.
local function msg(f, ...)
  local ok, err = pcall(f, ...)
  assert(not ok, "expected an error")
  return err
end

do --- index-nil-global
  local e = msg(function() return undefined_global_x.y end)
  assert(e:find(":%d+: attempt to index global 'undefined_global_x' %(a nil value%)$"), e)
end

do --- index-nil-local
  local e = msg(function() local x; return x.y end)
  assert(e:find("attempt to index local 'x' %(a nil value%)"), e)
end

do --- index-nil-field
  local e = msg(function() local t = {} return t.a.b end)
  assert(e:find("attempt to index field 'a' %(a nil value%)"), e)
end

do --- index-nil-upvalue
  local u
  local e = msg(function() return u.y end)
  assert(e:find("attempt to index upvalue 'u' %(a nil value%)"), e)
end

do --- index-number-and-boolean
  local e = msg(function() local n = 1; return n.x end)
  assert(e:find("attempt to index local 'n' %(a number value%)"), e)
  e = msg(function() local b = true; b.x = 1 end)
  assert(e:find("attempt to index local 'b' %(a boolean value%)"), e)
end

do --- newindex-nil-field
  local e = msg(function() local t = {} t.x.y = 1 end)
  assert(e:find("attempt to index field 'x' %(a nil value%)"), e)
end

do --- call-nil-global
  local e = msg(function() undefined_fn_y() end)
  assert(e:find("attempt to call global 'undefined_fn_y' %(a nil value%)"), e)
end

do --- call-nil-field-and-method
  local e = msg(function() local t = {} t.nofn() end)
  assert(e:find("attempt to call field 'nofn' %(a nil value%)"), e)
  e = msg(function() local t = {} t:nomethod() end)
  assert(e:find("attempt to call method 'nomethod' %(a nil value%)"), e)
end

do --- call-local-and-values
  local e = msg(function() local f = 3; f() end)
  assert(e:find("attempt to call local 'f' %(a number value%)"), e)
  e = msg(function() ("x")() end)
  assert(e:find("attempt to call a string value"), e)
end

do --- arith-on-nil-and-table
  local e = msg(function() local t = {} return t + 1 end)
  assert(e:find("attempt to perform arithmetic on local 't' %(a table value%)"), e)
  e = msg(function() return {} + 1 end)
  assert(e:find("attempt to perform arithmetic on a table value"), e)
  e = msg(function() local x; return 1 - x end)
  assert(e:find("attempt to perform arithmetic on local 'x' %(a nil value%)"), e)
end

do --- arith-on-global-and-field
  local e = msg(function() return nothing_here_z * 2 end)
  assert(e:find("attempt to perform arithmetic on global 'nothing_here_z' %(a nil value%)"), e)
  e = msg(function() local t = {} return -t.f end)
  assert(e:find("attempt to perform arithmetic on field 'f' %(a nil value%)"), e)
end

do --- arith-on-bad-string
  local e = msg(function() local s = "abc" return s + 1 end)
  assert(e:find("attempt to perform arithmetic on local 's' %(a string value%)"), e)
end

do --- compare-messages
  local e = msg(function() return {} < {} end)
  assert(e:find("attempt to compare two table values"), e)
  e = msg(function() return 1 < nil end)
  assert(e:find("attempt to compare number with nil"), e)
  e = msg(function() return "a" < 1 end)
  assert(e:find("attempt to compare string with number"), e)
  e = msg(function() return true <= false end)
  assert(e:find("attempt to compare two boolean values"), e)
end

do --- concat-messages
  local e = msg(function() return "a" .. {} end)
  assert(e:find("attempt to concatenate a table value"), e)
  e = msg(function() local x; return "a" .. x end)
  assert(e:find("attempt to concatenate local 'x' %(a nil value%)"), e)
  e = msg(function() return "a" .. undefined_cat_g end)
  assert(e:find("attempt to concatenate global 'undefined_cat_g' %(a nil value%)"), e)
  -- Concatenation runs right to left: the first bad operand met is named.
  e = msg(function() local x, y = 1, {}; return x .. y .. "b" end)
  assert(e:find("attempt to concatenate local 'y' %(a table value%)"), e)
  e = msg(function() local x, y = {}, 1; return x .. y .. "b" end)
  assert(e:find("attempt to concatenate local 'x' %(a table value%)"), e)
end

do --- length-messages
  local e = msg(function() local n = 5 return #n end)
  assert(e:find("attempt to get length of local 'n' %(a number value%)"), e)
  e = msg(function() return #nil end)
  assert(e:find("attempt to get length of a nil value"), e)
end

do --- bad-argument-messages
  local e = msg(function() local s = string.rep() return s end)
  assert(e:find("bad argument #1 to 'rep' %(string expected, got no value%)"), e)
  e = msg(function() local x = math.floor("x") return x end)
  assert(e:find("bad argument #1 to 'floor' %(number expected, got string%)"), e)
  e = msg(function() local x = setmetatable(1, {}) return x end)
  assert(e:find("bad argument #1 to 'setmetatable' %(table expected, got number%)"), e)
end

do --- bad-argument-method-self
  local e = msg(function() local s = ("x"):rep({}) return s end)
  assert(e:find("bad argument #1 to 'rep' %(number expected, got table%)"), e)
end

do --- error-position-line
  local e = msg(function()
    local t = nil
    return t.x -- the error line
  end)
  local line = debug.getinfo(1, "l").currentline
  assert(tonumber(e:match(":(%d+):")) == line - 2, e)
end

do --- error-position-chunkname
  local f = loadstring("local x\nreturn x.y", "=named")
  local ok, e = pcall(f)
  assert(e == "named:2: attempt to index local 'x' (a nil value)", e)
  f = loadstring("\n\nreturn nil + 1", "@file/path.lua")
  ok, e = pcall(f)
  assert(e == "file/path.lua:3: attempt to perform arithmetic on a nil value", e)
end

do --- error-inside-metamethod-position
  local t = setmetatable({}, {__index = function(t, k) local z; return z.q end})
  local e = msg(function() return t.x end)
  assert(e:find("attempt to index local 'z' %(a nil value%)"), e)
end

do --- error-messages-for-integer-for-loop
  local e = msg(function() for i = 1, "x" do end end)
  assert(e:find("'for' limit must be a number"), e)
end

do --- error-call-through-pcall-position-of-callee
  local function inner() error("where") end
  local e = msg(inner)
  local line = debug.getinfo(inner, "S").linedefined
  assert(tonumber(e:match(":(%d+): where")) == line, e)
end

do --- error-message-in-coroutine-has-position
  local co = coroutine.create(function() local a; return a + 1 end)
  local ok, e = coroutine.resume(co)
  assert(not ok and e:find(":%d+: attempt to perform arithmetic on local 'a' %(a nil value%)"), e)
end

do --- string-library-error-with-position-level
  local e = msg(function() local r = ("x"):rep(1, 2, 3) .. nil end)
  assert(e:find("attempt to concatenate a nil value"), e)
end

do --- traceback-format
  local tb = debug.traceback("msg", 1)
  assert(tb:find("^msg\nstack traceback:\n"), tb)
end

do --- xpcall-handler-that-errors
  -- An error inside the message handler ends the handling at once.
  local t0 = os.clock()
  local ok, e = xpcall(function() error("a") end, function() error("b") end)
  assert(not ok and e == "error in error handling")
  assert(os.clock() - t0 < 0.5)
end
