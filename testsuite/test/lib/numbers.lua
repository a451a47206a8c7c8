-- tonumber and tostring of numbers (LuaJIT's %.14g formatting).

do --- tostring-integers
  assert(tostring(0) == "0" and tostring(1) == "1" and tostring(-7) == "-7")
  assert(tostring(123456789) == "123456789")
  assert(tostring(1e14) == "1e+14" and tostring(123456789012) == "123456789012")
  assert(tostring(99999999999999) == "99999999999999")
end

do --- tostring-precision-14-digits
  assert(tostring(0.1) == "0.1")
  assert(tostring(1/3) == "0.33333333333333")
  assert(tostring(2^53) == "9.007199254741e+15")
  assert(tostring(123456789012345) == "1.2345678901234e+14" or tostring(123456789012345) == "1.2345678901235e+14")
  assert(tostring(3.14159265358979) == "3.1415926535898")
end

do --- tostring-exponents
  assert(tostring(1e15) == "1e+15" and tostring(1e16) == "1e+16")
  assert(tostring(1e100) == "1e+100" and tostring(1e-100) == "1e-100")
  assert(tostring(1.5e300) == "1.5e+300" and tostring(2^-1074) == "4.9406564584125e-324")
  assert(tostring(0.0001) == "0.0001" and tostring(0.00001) == "1e-05")
end

do --- tostring-special-values
  assert(tostring(1/0) == "inf" and tostring(-1/0) == "-inf")
  assert(tostring(0/0) == "nan" or tostring(0/0) == "-nan")
  assert(tostring(-0.0) == "-0" and tostring(0.0) == "0")
end

do --- tostring-float-with-fraction
  assert(tostring(1.5) == "1.5" and tostring(-2.25) == "-2.25" and tostring(100.125) == "100.125")
end

do --- tonumber-decimal
  assert(tonumber("10") == 10 and tonumber("  10  ") == 10 and tonumber("-3.5") == -3.5)
  assert(tonumber("1e3") == 1000 and tonumber(".5") == 0.5 and tonumber("5.") == 5)
  assert(tonumber(42) == 42)
end

do --- tonumber-hex
  assert(tonumber("0x10") == 16 and tonumber("0XFF") == 255 and tonumber("-0x10") == -16)
end

do --- tonumber-inf-nan-strings
  -- LuaJIT's number parser accepts these words (lua5.1 via strtod does too).
  assert(tonumber("inf") == 1/0 and tonumber("-inf") == -1/0)
  local n = tonumber("nan")
  assert(n ~= n)
  assert(tonumber("infinity") == nil or tonumber("infinity") == 1/0)
end

do --- tonumber-bad-input
  assert(tonumber("") == nil and tonumber(" ") == nil and tonumber("abc") == nil)
  assert(tonumber("1x") == nil and tonumber("1 2") == nil and tonumber("0x") == nil)
  assert(tonumber(nil) == nil and tonumber({}) == nil and tonumber(true) == nil)
  assert(tonumber("1e") == nil and tonumber("--1") == nil)
end

do --- tonumber-bases
  assert(tonumber("101", 2) == 5 and tonumber("777", 8) == 511)
  assert(tonumber("ff", 16) == 255 and tonumber("FF", 16) == 255)
  assert(tonumber("zz", 36) == 1295 and tonumber("Zz", 36) == 1295)
  assert(tonumber("10", 10) == 10 and tonumber("-10", 2) == -2)
  assert(tonumber("  11  ", 3) == 4)
end

do --- tonumber-all-bases
  for base = 2, 36 do
    assert(tonumber("10", base) == base)
    local digit = base <= 10 and tostring(base - 1) or string.char(86 + base)
    assert(tonumber(digit, base) == base - 1, base)
  end
end

do --- tonumber-base-bad-digits
  assert(tonumber("2", 2) == nil and tonumber("8", 8) == nil and tonumber("g", 16) == nil)
  assert(tonumber("", 10) == nil and tonumber("1.5", 2) == nil)
  -- Base 10 uses the ordinary decimal parser in LuaJIT.
  assert(tonumber("1.5", 10) == 1.5)
end

do --- tonumber-base-out-of-range
  assert(not pcall(tonumber, "1", 1))
  assert(not pcall(tonumber, "1", 37))
end

do --- tonumber-number-with-base-is-string-converted
  assert(tonumber(10, 16) == 16)
end

do --- number-string-roundtrip
  for _, v in ipairs({0, 1, -1, 0.5, 1e10, 123.25, 2^40, -2^31}) do
    assert(tonumber(tostring(v)) == v, v)
  end
end

do --- number-to-string-in-concat-matches-tostring
  for _, v in ipairs({0.1, 1/3, 1e15, 1e16, 2^53, -0.0, 1/0}) do
    assert(v .. "" == tostring(v))
  end
end

do --- math-basics
  assert(math.floor(3.7) == 3 and math.floor(-3.2) == -4 and math.ceil(3.2) == 4)
  assert(math.max(1, 5, 3) == 5 and math.min(4, 2, 8) == 2)
  assert(math.abs(-3) == 3 and math.sqrt(16) == 4 and math.pi > 3.14159)
  assert(math.fmod(7, 3) == 1 and math.fmod(-7, 3) == -1)
  assert(math.huge == 1/0)
end

do --- math-modf-frexp-ldexp
  local i, f = math.modf(3.25)
  assert(i == 3 and f == 0.25)
  local m, e = math.frexp(8)
  assert(m == 0.5 and e == 4 and math.ldexp(0.5, 4) == 8)
end

do --- math-random-range
  math.randomseed(42)
  for i = 1, 100 do
    local r = math.random()
    assert(r >= 0 and r < 1)
    local k = math.random(10)
    assert(k >= 1 and k <= 10 and k == math.floor(k))
    local j = math.random(5, 7)
    assert(j >= 5 and j <= 7)
  end
end

do --- math-random-deterministic-seed
  math.randomseed(7)
  local a = {math.random(), math.random()}
  math.randomseed(7)
  assert(math.random() == a[1] and math.random() == a[2])
end
