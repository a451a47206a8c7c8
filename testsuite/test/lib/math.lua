-- Math library.

do --- math-constants
  assert(math.pi > 3.14159 and math.pi < 3.1416)
  assert(math.huge == 1/0 and -math.huge == -1/0)
end

do --- math-floor-ceil-abs
  assert(math.floor(3.7) == 3 and math.floor(-3.2) == -4)
  assert(math.ceil(3.2) == 4 and math.ceil(-3.7) == -3)
  assert(math.abs(-5) == 5 and math.abs(5) == 5)
  assert(math.floor("2.5") == 2)
end

do --- math-sqrt-pow-exp-log
  assert(math.sqrt(16) == 4)
  assert(math.pow(2, 10) == 1024)
  assert(math.exp(0) == 1)
  assert(math.log(1) == 0)
  assert(math.log10(1000) == 3)
  assert(math.abs(math.log(math.exp(2)) - 2) < 1e-15)
end

do --- math-log-with-base
  assert(math.log(8, 2) == 3)
  assert(math.log(100, 10) == 2)
  assert(math.abs(math.log(27, 3) - 3) < 1e-12)
end

do --- math-trig
  assert(math.sin(0) == 0 and math.cos(0) == 1 and math.tan(0) == 0)
  assert(math.abs(math.sin(math.pi / 2) - 1) < 1e-15)
  assert(math.abs(math.asin(1) - math.pi / 2) < 1e-15)
  assert(math.abs(math.acos(0) - math.pi / 2) < 1e-15)
  assert(math.abs(math.atan(1) - math.pi / 4) < 1e-15)
  assert(math.abs(math.atan2(1, -1) - 3 * math.pi / 4) < 1e-15)
  assert(math.sinh(0) == 0 and math.cosh(0) == 1 and math.tanh(0) == 0)
end

do --- math-deg-rad
  assert(math.deg(math.pi) == 180)
  assert(math.rad(180) == math.pi)
end

do --- math-fmod-modf
  assert(math.fmod(7, 3) == 1 and math.fmod(-7, 3) == -1)
  local f = math.fmod(1, 0)
  assert(f ~= f)
  local i, fr = math.modf(3.75)
  assert(i == 3 and fr == 0.75)
  i, fr = math.modf(-3.5)
  assert(i == -3 and fr == -0.5)
  i, fr = math.modf(math.huge)
  assert(i == math.huge and fr == 0)
end

do --- math-frexp-ldexp
  local m, e = math.frexp(8)
  assert(m == 0.5 and e == 4)
  m, e = math.frexp(0)
  assert(m == 0 and e == 0)
  m, e = math.frexp(-3)
  assert(m == -0.75 and e == 2)
  assert(math.ldexp(0.5, 4) == 8)
  assert(math.ldexp(1, -1074) > 0)
  for _, x in ipairs({1, 3.5, -123.25, 1e300, 1e-310}) do
    assert(math.ldexp(math.frexp(x)) == x)
  end
end

do --- math-min-max
  assert(math.min(3, 1, 2) == 1 and math.max(3, 1, 2) == 3)
  assert(math.min(5) == 5 and math.max(-5) == -5)
  assert(math.max(1, "5") == 5 and type(math.max(1, "5")) == "number")
end

do --- math-min-max-need-an-argument
  local function has(s, p) for i = 1, #s - #p + 1 do if s:sub(i, i + #p - 1) == p then return true end end return false end
  local ok, err = pcall(math.min)
  assert(not ok and has(err, "number expected, got no value"))
  ok, err = pcall(math.max)
  assert(not ok and has(err, "number expected, got no value"))
end

do --- math-number-expected
  local function has(s, p) for i = 1, #s - #p + 1 do if s:sub(i, i + #p - 1) == p then return true end end return false end
  local ok, err = pcall(math.floor, "a")
  assert(not ok and has(err, "number expected, got string"))
  ok, err = pcall(math.sqrt)
  assert(not ok and has(err, "number expected, got no value"))
  ok, err = pcall(math.atan2, 1, {})
  assert(not ok and has(err, "bad argument #2"))
end

do --- math-random-ranges
  for _ = 1, 1000 do
    local r = math.random()
    assert(r >= 0 and r < 1)
    local a = math.random(6)
    assert(a >= 1 and a <= 6 and a == math.floor(a))
    local b = math.random(-3, 3)
    assert(b >= -3 and b <= 3 and b == math.floor(b))
  end
end

do --- math-random-covers-range
  local seen = {}
  for _ = 1, 2000 do seen[math.random(4)] = true end
  assert(seen[1] and seen[2] and seen[3] and seen[4])
end

do --- math-randomseed-repeats
  math.randomseed(42)
  local a = {}
  for i = 1, 10 do a[i] = math.random() end
  math.randomseed(42)
  for i = 1, 10 do assert(a[i] == math.random()) end
  math.randomseed(43)
  local same = true
  for i = 1, 10 do if a[i] ~= math.random() then same = false end end
  assert(not same)
end

do --- math-random-bad-argument
  local function has(s, p) for i = 1, #s - #p + 1 do if s:sub(i, i + #p - 1) == p then return true end end return false end
  local ok, err = pcall(math.random, "x")
  assert(not ok and has(err, "number expected, got string"))
  assert(not pcall(math.randomseed))
end
