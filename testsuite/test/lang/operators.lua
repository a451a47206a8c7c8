-- Arithmetic, comparison, logic and concat operators; precedence; coercions.

do --- arith-basic
  assert(1 + 2 == 3 and 5 - 7 == -2 and 3 * 4 == 12 and 7 / 2 == 3.5)
end

do --- arith-modulo-sign-follows-divisor
  assert(5 % 3 == 2 and -5 % 3 == 1 and 5 % -3 == -1 and -5 % -3 == -2)
  assert(5.5 % 2 == 1.5 and -5.5 % 2 == 0.5)
end

do --- arith-modulo-special
  local inf = 1/0
  assert(5 % inf ~= 5 % inf or true)
  local z = 1 % 0
  assert(z ~= z)
end

do --- arith-pow
  assert(2^10 == 1024 and 2^-1 == 0.5 and 2^0.5 == math.sqrt(2))
  assert(-2^2 == -4)
  assert(2^3^2 == 512)
end

do --- arith-division-by-zero
  assert(1/0 == math.huge and -1/0 == -math.huge)
  local n = 0/0
  assert(n ~= n)
end

do --- arith-unary-minus
  local x = 3
  assert(-x == -3 and - -x == 3)
  assert(1/(-0) == -1/0 or 1/(-0) == 1/0)
  local z = 0
  assert(1/(-z) == -1/0)
end

do --- arith-float-precision
  assert(0.1 + 0.2 ~= 0.3)
  assert(math.abs(0.1 + 0.2 - 0.3) < 1e-15)
  assert(2^53 + 1 == 2^53)
end

do --- precedence-table
  assert(1 + 2 * 3 == 7)
  assert((1 + 2) * 3 == 9)
  assert(2 * 3 ^ 2 == 18)
  assert(-3 ^ 2 == -9)
  assert(not nil == true)
  assert(not 1 == false)
  assert(1 .. 2 .. 3 == "123")
  assert("a" .. 1 + 2 == "a3")
  assert(1 < 2 == true)
  assert((1 < 2 and 3 or 4) == 3)
  assert(1 + 2 < 4 and 2 * 2 == 4)
end

do --- precedence-concat-right-assoc
  local log = {}
  local mt = {__concat = function(a, b)
    local x = type(a) == "table" and a.v or a
    local y = type(b) == "table" and b.v or b
    log[#log + 1] = x .. "+" .. y
    return {v = "(" .. x .. y .. ")"}
  end}
  local a = setmetatable({v = "a"}, mt)
  local r = a .. "b" .. "c"
  assert(r.v == "(abc)")
  assert(log[1] == "a+bc")
end

do --- precedence-and-or
  assert((nil or 1) == 1 and (false or nil) == nil)
  assert((1 and 2) == 2 and (nil and 1) == nil and (false and 1) == false)
  assert((1 or error("no")) == 1)
  assert((nil and error("no")) == nil)
  assert((1 and nil or 3) == 3)
  assert((1 or 2 and 3) == 1)
end

do --- comparison-numbers
  assert(1 < 2 and not (2 < 1) and 1 <= 1 and 2 >= 2 and 3 > 2)
  assert(-1/0 < -1e308 and 1e308 < 1/0)
  local n = 0/0
  assert(not (n < n) and not (n <= n) and not (n == n) and n ~= n)
  assert(not (n < 1) and not (1 < n) and not (n >= 1))
end

do --- comparison-strings
  assert("a" < "b" and "abc" < "abd" and "ab" < "abc" and "" < "a")
  assert("Z" < "a" and "10" < "9")
  assert("a\0b" > "a" and "a\0a" < "a\0b")
  assert("a" <= "a" and "b" >= "a")
end

do --- comparison-mixed-types-error
  assert(not pcall(function() return 1 < "2" end))
  assert(not pcall(function() return {} < {} end))
  assert(not pcall(function() return nil < 1 end))
  assert(not pcall(function() return true <= false end))
end

do --- equality-mixed-types
  assert(1 ~= "1" and "1" ~= 1)
  assert(nil ~= false and 0 ~= false and "" ~= false)
  local t = {}
  assert(t == t and t ~= {})
  assert(print == print)
end

do --- equality-signed-zero
  assert(0 == -0)
  local t = {}
  t[0] = "z"
  assert(t[-0] == "z")
end

do --- coercion-string-to-number-arith
  assert("10" + 1 == 11 and "3" * "4" == 12 and "2" ^ 2 == 4)
  assert(" 0x10 " + 0 == 16 and "1e1" + 0 == 10)
  assert("-5" % 3 == 1 and -"2" == -2)
  assert(" 5 " - 1 == 4)
end

do --- coercion-bad-string-arith-fails
  assert(not pcall(function() return "abc" + 1 end))
  assert(not pcall(function() return "1x" + 1 end))
  assert(not pcall(function() return "" + 1 end))
end

do --- coercion-number-to-string-concat
  assert(1 .. "" == "1" and 1.5 .. "" == "1.5" and -0.0 .. "" == "-0")
  assert(1e100 .. "" == "1e+100" and 2^53 .. "" == "9.007199254741e+15")
  assert(10 / 2 .. "" == "5")
end

do --- coercion-no-string-number-equality
  assert("1" ~= 1)
  local t = {}
  t[1] = "n"; t["1"] = "s"
  assert(t[1] == "n" and t["1"] == "s")
end

do --- concat-basics
  assert("a" .. "b" == "ab" and "" .. "" == "")
  local s = ""
  for i = 1, 10 do s = s .. i end
  assert(s == "12345678910")
end

do --- concat-many
  local a, b, c, d, e = "1", "2", "3", "4", "5"
  assert(a .. b .. c .. d .. e .. a .. b .. c .. d .. e == "1234512345")
end

do --- concat-errors
  assert(not pcall(function() return "a" .. nil end))
  assert(not pcall(function() return "a" .. {} end))
  assert(not pcall(function() return true .. "" end))
end

do --- length-operator
  assert(#"" == 0 and #"abc" == 3)
  assert(#{} == 0 and #{1, 2, 3} == 3 and #{n = 1} == 0)
  local t = {}
  for i = 1, 100 do t[i] = i end
  assert(#t == 100)
  t[100] = nil
  assert(#t == 99)
end

do --- not-operator
  assert(not nil and not false and not not 0 and not not "")
end

do --- number-constant-folding-matches-runtime
  local two = 2
  assert(2 ^ 0.5 == two ^ 0.5)
  assert(7 % 3 == 7 % (two + 1))
  assert(-0.0 == 0 and 1 / -0.0 == -1 / 0)
end
