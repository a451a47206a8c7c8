-- Pattern matching: string.find, string.match, string.gmatch, string.gsub.

local function errmsg(f, ...)
  local ok, err = pcall(f, ...)
  assert(not ok, "expected an error")
  return err
end

local function collect(s, p)
  local r = {}
  for a, b in string.gmatch(s, p) do
    r[#r + 1] = b == nil and tostring(a) or tostring(a) .. "=" .. tostring(b)
  end
  return table.concat(r, ",")
end

do --- find-plain-and-pattern
  assert(("hello world"):find("o w") == 5)
  local a, b = ("hello"):find("l+")
  assert(a == 3 and b == 4)
  assert(("a.b"):find(".", 1, true) == 2 and ("a.b"):find(".") == 1)
  assert(("abc"):find("x") == nil)
end

do --- find-init
  local a, b = ("abcabc"):find("b", 3)
  assert(a == 5 and b == 5)
  assert(("abc"):find("c", -1) == 3 and ("abc"):find("a", -10) == 1)
  local c, d = ("abc"):find("", 10)
  assert(c == 4 and d == 3)
  local e, f = ("abc"):find("", 4, true)
  assert(e == 4 and f == 3)
end

do --- find-returns-captures
  local s, e, k, v = ("key = val"):find("(%w+)%s*=%s*(%w+)")
  assert(s == 1 and e == 9 and k == "key" and v == "val")
end

do --- match-basic
  assert(("hello 123"):match("%d+") == "123")
  assert(("hello"):match("x") == nil)
  assert(("  trim me  "):match("^%s*(.-)%s*$") == "trim me")
end

do --- match-init
  assert(("abcabc"):match("a.", 2) == "ab" and ("abc"):match(".", -1) == "c")
  assert(("abc"):match("", 10) == "")
end

do --- match-multiple-captures
  local y, m, d = ("2024-01-15"):match("(%d+)-(%d+)-(%d+)")
  assert(y == "2024" and m == "01" and d == "15")
end

do --- classes-lower
  assert(("ab1 ."):match("%a+") == "ab" and ("x12y"):match("%d+") == "12")
  assert(("AbC"):match("%l") == "b" and ("abC"):match("%u") == "C")
  assert(("a \t\nb"):match("%s+") == " \t\n" and ("a,b"):match("%p") == ",")
  assert(("__x9_"):match("%w+") == "x9" and ("0xfFg"):match("%x+", 3) == "fF")
  assert(("a\1b"):match("%c") == "\1" and ("a\0b"):match("%z") == "\0")
end

do --- classes-upper-complement
  assert(("123abc"):match("%D+") == "abc" and ("abc 1"):match("%A+") == " 1")
  assert(("  x  "):match("%S+") == "x" and ("ab,cd"):match("%P+$") == "cd")
  assert(("a\0b"):match("%Z+$") == "b")
end

do --- dot-and-escapes
  assert(("a\0b"):match("a.b") == "a\0b")
  assert(("1+1=2"):match("%+") == "+" and ("50%"):match("%d+%%") == "50%")
  assert(("(x)"):match("%((.)%)") == "x")
end

do --- sets
  assert(("hello"):match("[aeiou]+") == "e" and ("xyz9"):match("[%d]") == "9")
  assert(("abc"):match("[^a]+") == "bc" and ("]x"):match("[]]") == "]")
  assert(("a-b"):match("[%-]") == "-" and ("-"):match("[a-]") == "-")
  assert(("^a"):match("[^^]") == "a")
end

do --- set-ranges
  assert(("Hello World"):match("[A-Z][a-z]+", 2) == "World")
  assert(("0x1F"):match("[0-9a-fA-F]+$") == "1F")
  assert(("xyz"):match("[a-c]") == nil)
end

do --- star-greedy
  assert(("<a><b>"):match("<.*>") == "<a><b>" and ("aaa"):match("a*") == "aaa")
  assert(("bbb"):match("a*") == "")
end

do --- plus
  assert(("xaaay"):match("a+") == "aaa" and ("xy"):match("a+") == nil)
end

do --- minus-lazy
  assert(("<a><b>"):match("<.->") == "<a>" and ("aaab"):match("a-b") == "aaab")
  assert(("/* x */ y */"):match("/%*(.-)%*/") == " x ")
end

do --- question
  assert(("ac"):match("ab?c") == "ac" and ("abc"):match("ab?c") == "abc")
  assert(("-12"):match("^[+-]?%d+$") == "-12" and ("12"):match("^[+-]?%d+$") == "12")
end

do --- anchor-start
  assert(("abc"):match("^b") == nil and ("abc"):match("^a") == "a")
  assert(("abc"):find("^b", 2) == 2)
end

do --- anchor-end
  assert(("abc"):match("c$") == "c" and ("abc"):match("b$") == nil)
  assert(("a$b"):match("$b") == "$b")
end

do --- balance
  assert(("f(a(b)c) x"):match("%b()") == "(a(b)c)")
  assert(("f(a"):match("%b()") == nil and ("[x]"):match("%b[]") == "[x]")
end

do --- frontier
  assert(("THE (quick) fox"):match("%f[%a]%a+", 5) == "quick")
  local words = collect("the cat sat", "%f[%w]%w+")
  assert(words == "the,cat,sat")
  assert(("abc"):find("%f[%z]") == 4)
end

do --- position-captures
  local a, b = ("hello"):match("()ll()")
  assert(a == 3 and b == 5 and type(a) == "number")
  assert(("abc"):match("()") == 1)
end

do --- back-references
  assert(("x 'hi' y"):match("(['\"])(.-)%1") == "'")
  local _, body = ("say \"a'b\" now"):match("(['\"])(.-)%1")
  assert(body == "a'b")
  assert(("abab"):match("^(ab)%1$") == "ab" and ("abac"):match("^(ab)%1$") == nil)
end

do --- nested-captures
  local a, b, c = ("abc"):match("((a)(b))")
  assert(a == "ab" and b == "a" and c == "b")
end

do --- gmatch-words
  assert(collect("one two  three", "%a+") == "one,two,three")
end

do --- gmatch-captures
  assert(collect("a=1, b=2", "(%w+)=(%w+)") == "a=1,b=2")
end

do --- gmatch-empty-matches
  assert(collect("abc", "x*") == ",,,")
  assert(collect("", ".") == "")
end

do --- gmatch-anchor-is-literal
  local n = 0
  for _ in ("^a^a"):gmatch("^a") do n = n + 1 end
  assert(n == 2)
end

do --- gmatch-position-captures
  assert(collect("aXbX", "()X") == "2,4")
end

do --- gmatch-iterator-is-function
  local it = ("ab"):gmatch(".")
  assert(type(it) == "function" and it() == "a" and it() == "b" and it() == nil)
  assert(it() == nil)
end

do --- gsub-string
  local r, n = ("hello world"):gsub("o", "0")
  assert(r == "hell0 w0rld" and n == 2)
  local r2, n2 = ("abc"):gsub("x", "y")
  assert(r2 == "abc" and n2 == 0)
end

do --- gsub-captures-in-replacement
  assert(("hello world"):gsub("(%w+)", "<%1>") == "<hello> <world>")
  assert(("abc"):gsub("%w", "%0%0") == "aabbcc")
  assert(("a b"):gsub("(%w) (%w)", "%2 %1") == "b a")
  assert(("50"):gsub("%d+", "%%") == "%")
  assert(("abc"):gsub("b", "%x") == "axc")
end

do --- gsub-position-capture-in-replacement
  assert(("abc"):gsub("()b", "%1") == "a2c")
end

do --- gsub-limit
  local r, n = ("aaaa"):gsub("a", "b", 2)
  assert(r == "bbaa" and n == 2)
  local r2, n2 = ("abc"):gsub("%w", "x", 0)
  assert(r2 == "abc" and n2 == 0)
  assert(("abc"):gsub("%w", "x", 2.7) == "xxc")
end

do --- gsub-empty-pattern
  local r, n = ("abc"):gsub("", "-")
  assert(r == "-a-b-c-" and n == 4)
end

do --- gsub-anchored
  local r, n = ("aaa"):gsub("^a", "x")
  assert(r == "xaa" and n == 1)
end

do --- gsub-table
  local t = { name = "lua", ver = 51 }
  assert(("$name $ver $none"):gsub("%$(%w+)", t) == "lua 51 $none")
  local mt = setmetatable({}, { __index = function(_, k) return k:upper() end })
  assert(("a b"):gsub("%a", mt) == "A B")
end

do --- gsub-function
  local r, n = ("1 2 3"):gsub("%d", function(d) return d * 2 end)
  assert(r == "2 4 6" and n == 3)
  assert(("a b"):gsub("%a", function() return false end) == "a b")
  assert(("a b"):gsub("(%a)", function(x) if x == "a" then return nil end return "B" end) == "a B")
  assert(("k=v"):gsub("(%w)=(%w)", function(k, v) return v .. "=" .. k end) == "v=k")
end

do --- gsub-invalid-replacement-value
  local e = errmsg(string.gsub, "abc", "b", function() return {} end)
  assert(e:find("invalid replacement value (a table)", 1, true))
  e = errmsg(string.gsub, "abc", "b", { b = true })
  assert(e:find("invalid replacement value (a boolean)", 1, true))
  e = errmsg(string.gsub, "abc", "b", true)
  assert(e:find("string/function/table expected", 1, true))
end

do --- gsub-invalid-capture-index
  assert(errmsg(string.gsub, "abc", "b", "%2"):find("invalid capture index", 1, true))
  assert(errmsg(string.gsub, "abc", "(b)", "%2"):find("invalid capture index", 1, true))
end

do --- error-malformed-patterns
  assert(errmsg(string.find, "abc", "%"):find("malformed pattern (ends with '%')", 1, true))
  assert(errmsg(string.find, "abc", "[a"):find("malformed pattern (missing ']')", 1, true))
  assert(errmsg(string.match, "abc", "[]"):find("malformed pattern (missing ']')", 1, true))
  assert(errmsg(string.find, "abc", "%fa"):find("missing '[' after '%f' in pattern", 1, true))
  assert(errmsg(string.find, "abc", "%b"):find("unbalanced pattern", 1, true))
end

do --- error-captures
  assert(errmsg(string.find, "abc", "(a"):find("unfinished capture", 1, true))
  assert(errmsg(string.find, "abc", "a.)"):find("invalid pattern capture", 1, true))
  assert(errmsg(string.find, "abc", "%1"):find("invalid capture index", 1, true))
  assert(errmsg(string.find, "abc", "(a)%2"):find("invalid capture index", 1, true))
  assert(errmsg(string.find, "abc", ("()"):rep(33)):find("too many captures", 1, true))
  assert(select("#", ("abc"):find(("()"):rep(32))) == 34)
end

do --- error-pattern-too-complex
  local s = ("a"):rep(300)
  assert(("a"):rep(199) == s:match(("a?"):rep(199)))
  assert(errmsg(string.find, s, ("a?"):rep(200)):find("pattern too complex", 1, true))
  assert(errmsg(string.find, s, ("a?"):rep(100000)):find("pattern too complex", 1, true))
end

do --- error-position-in-message
  local ok, e = pcall(function() local r = ("x"):find("%"); return r end)
  assert(not ok and e:find("^[^:]+:%d+: malformed"))
end

do --- numbers-as-strings
  assert(string.find(12345, 34) == 3 and string.match(3.5, "%d") == "3")
  assert(string.gsub(123, 2, 9) == "193")
end

do --- binary-subjects
  assert(("a\0b\0c"):gsub("%z", "-") == "a-b-c")
  assert(("\255\254"):match("[\250-\255]+") == "\255\254")
end

do --- long-subject-linear
  local s = ("ab"):rep(100000)
  local r, n = s:gsub("a", "x")
  assert(#r == 200000 and n == 100000)
  local cnt = 0
  for _ in s:gmatch("b") do cnt = cnt + 1 end
  assert(cnt == 100000)
end
