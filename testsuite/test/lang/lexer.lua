-- Lexer: escapes, long strings and comments, numeric literals.

do --- escape-simple
  assert("\a\b\f\n\r\t\v" == string.char(7, 8, 12, 10, 13, 9, 11))
  assert("\\" == string.char(92) and "\"" == string.char(34) and '\'' == string.char(39))
end

do --- escape-decimal
  assert("\65\066\0067" == "AB\0067")
  assert("\0" == string.char(0) and #"\0\0\0" == 3)
  assert("\255" == string.char(255))
  assert("\0491" == "11")
end

do --- escape-hex
  assert("\x41\x62\x7A" == "Abz")
  assert("\xff\x00" == string.char(255, 0))
  assert("\xAb" == string.char(171))
end

do --- escape-z-skips-whitespace
  local s = "a\z
             b"
  assert(s == "ab")
  assert("x\z   y" == "xy")
end

do --- escape-unicode
  assert("\u{41}" == "A")
  assert("\u{e9}" == "\xc3\xa9")
  assert("\u{20AC}" == "\xe2\x82\xac")
  assert("\u{1F600}" == "\xf0\x9f\x98\x80")
end

do --- escape-newline-in-string
  local s = "a\
b"
  assert(s == "a\nb")
end

do --- escape-invalid-is-syntax-error
  assert(loadstring([[return "\q"]]) == nil)
  assert(loadstring([[return "\x4"]]) == nil)
  assert(loadstring([[return "\256"]]) == nil)
end

do --- long-string-levels
  assert([[abc]] == "abc")
  assert([==[a]]b]=]c]==] == "a]]b]=]c")
  assert([=[
x]=] == "x")
  assert([[

y]] == "\ny")
end

do --- long-string-no-escapes
  assert([[\n]] == "\\n")
  assert(#[[\x41]] == 4)
end

do --- long-string-crlf
  local f = loadstring("return [[a\r\nb]]")
  assert(f() == "a\nb")
end

do --- comments
  local x = 1 -- line comment
  --[[ long
  comment ]] x = x + 1
  --[==[ another ]] still comment ]==] x = x + 1
  assert(x == 3)
end

do --- comment-not-long-if-broken
  local x = 1
  --[ this is a line comment
  x = x + 1
  assert(x == 2)
end

do --- number-literals
  assert(0x10 == 16 and 0XfF == 255 and 0xA == 10)
  assert(1e2 == 100 and 1E-2 == 0.01 and .5 == 0.5 and 5. == 5)
  assert(3.25e+1 == 32.5)
  assert(0x7fffffff == 2147483647)
  assert(0xffffffffffff == 281474976710655)
end

do --- number-literal-large-hex
  assert(0x10000000000000000 == 2^64)
end

do --- number-malformed
  assert(loadstring("return 1e") == nil)
  assert(loadstring("return 0x") == nil)
  assert(loadstring("return 1..2") == nil)
  assert(loadstring("return 3x") == nil)
end

do --- number-then-concat-needs-space
  assert(loadstring("return 1 .. 2")() == "12")
end

do --- identifiers
  local _a1, A_, __ = 1, 2, 3
  assert(_a1 + A_ + __ == 6)
  local t = {}
  t["end"] = 1
  assert(t["end"] == 1)
end

do --- keywords-not-identifiers
  assert(loadstring("local end = 1") == nil)
  assert(loadstring("local Goto = 1") ~= nil)
end

do --- shebang-line-skipped
  -- LuaJIT skips a first line starting with '#' in every chunk.
  assert(loadstring("#!/bin/x\nreturn 1")() == 1)
end

do --- semicolons
  local a = 1; local b = 2; assert(a + b == 3)
  assert(loadstring("local a = 1; return a;")() == 1)
  -- Lua 5.1 has no empty statement.
  assert(loadstring("x = 1;;") == nil)
end

do --- string-embedded-zero-length
  local s = "a\0b"
  assert(#s == 3 and s:byte(2) == 0)
end

do --- unfinished-string-error
  local f, err = loadstring("x = 'abc")
  assert(f == nil and err:find("unfinished string"))
  f, err = loadstring("x = 'ab\ncd'")
  assert(f == nil and err:find("unfinished string"))
end

do --- unfinished-long-string-error
  local f, err = loadstring("x = [[abc")
  assert(f == nil and err:find("unfinished long string"))
  f, err = loadstring("--[[ abc")
  assert(f == nil and err:find("unfinished long comment"))
end

do --- syntax-error-mentions-near
  local f, err = loadstring("x = = 1")
  assert(f == nil and err:find("unexpected symbol near '='"), err)
  f, err = loadstring("local x = 1 +")
  assert(err:find("near '<eof>'"), err)
end

do --- syntax-error-line-numbers
  local f, err = loadstring("\n\n\nx = = 1", "=chunk")
  assert(err:find("^chunk:4:"), err)
end

do --- operators-tokens
  assert(1 ~= 2 and 1 <= 1 and 2 >= 1 and ("a" .. "b") == "ab")
  local t = {...}
  assert(#t == 0)
end
