-- Numeric and generic for, while, repeat, break.

do --- numeric-for-basic
  local s = 0
  for i = 1, 10 do s = s + i end
  assert(s == 55)
end

do --- numeric-for-step
  local t = {}
  for i = 10, 1, -3 do t[#t + 1] = i end
  assert(#t == 4 and t[1] == 10 and t[4] == 1)
  local n = 0
  for i = 1, 2, 0.5 do n = n + 1 end
  assert(n == 3)
end

do --- numeric-for-empty
  local n = 0
  for i = 1, 0 do n = n + 1 end
  for i = 0, 1, -1 do n = n + 1 end
  assert(n == 0)
end

do --- numeric-for-evaluates-once
  local calls = 0
  local function lim() calls = calls + 1; return 3 end
  for i = 1, lim() do end
  assert(calls == 1)
end

do --- numeric-for-var-is-local-copy
  local last
  for i = 1, 3 do
    last = i
    i = i * 10
  end
  assert(last == 3)
end

do --- numeric-for-float-accumulation
  local n = 0
  for x = 0, 1, 0.1 do n = n + 1 end
  assert(n == 10 or n == 11)
  n = 0
  for x = 0.5, 3.5 do n = n + 1 end
  assert(n == 4)
end

do --- numeric-for-string-bounds-coerced
  local n = 0
  for i = "1", "3" do n = n + i end
  assert(n == 6)
end

do --- numeric-for-bad-bounds-error
  local ok, err = pcall(function() for i = 1, {} do end end)
  assert(not ok and err:find("'for' limit must be a number"), err)
  ok, err = pcall(function() for i = nil, 2 do end end)
  assert(not ok and err:find("'for' initial value must be a number"), err)
  ok, err = pcall(function() for i = 1, 2, "x" do end end)
  assert(not ok and err:find("'for' step must be a number"), err)
end

do --- numeric-for-infinite-bounds
  local n = 0
  for i = 1, math.huge do n = n + 1; if n == 100 then break end end
  assert(n == 100)
end

do --- numeric-for-large-range
  local s = 0
  for i = 1, 1000000 do s = s + i end
  assert(s == 500000500000)
end

do --- generic-for-ipairs
  local t, s = {10, 20, 30, nil, 50}, 0
  local last
  for i, v in ipairs(t) do s = s + v; last = i end
  assert(s == 60 and last == 3)
end

do --- generic-for-pairs-visits-all
  local t = {1, 2, 3, a = 4, b = 5, [1.5] = 6}
  local s, n = 0, 0
  for k, v in pairs(t) do s = s + v; n = n + 1 end
  assert(s == 21 and n == 6)
end

do --- generic-for-custom-iterator
  local function range(n)
    return function(state, ctl) if ctl < n then return ctl + 1 end end, nil, 0
  end
  local s = 0
  for i in range(5) do s = s + i end
  assert(s == 15)
end

do --- generic-for-stateful-closure
  local function chars(s)
    local i = 0
    return function() i = i + 1; if i <= #s then return s:sub(i, i) end end
  end
  local out = {}
  for c in chars("abc") do out[#out + 1] = c end
  assert(table.concat(out, ",") == "a,b,c")
end

do --- generic-for-three-values-passed
  local seen = {}
  local function iter(s, c)
    seen[#seen + 1] = s
    if c < 2 then return c + 1, "x" end
  end
  for i, x in iter, "state", 0 do assert(x == "x") end
  assert(#seen == 3 and seen[1] == "state")
end

do --- generic-for-modify-existing-fields
  local t = {a = 1, b = 2, c = 3}
  for k in pairs(t) do t[k] = nil end
  assert(next(t) == nil)
end

do --- generic-for-string-gmatch
  local words = {}
  for w in ("one two  three"):gmatch("%a+") do words[#words + 1] = w end
  assert(#words == 3 and words[3] == "three")
end

do --- while-loop
  local i, s = 0, 0
  while i < 10 do i = i + 1; s = s + i end
  assert(s == 55)
  while false do error("never") end
end

do --- repeat-until-scope
  local i = 0
  repeat local j = i; i = i + 1 until j >= 4
  assert(i == 5)
end

do --- break-inner-loop-only
  local n = 0
  for i = 1, 3 do
    for j = 1, 10 do
      if j > 2 then break end
      n = n + 1
    end
  end
  assert(n == 6)
end

do --- break-while-and-repeat
  local i = 0
  while true do i = i + 1; if i == 7 then break end end
  assert(i == 7)
  repeat i = i + 1; if i == 9 then break end until false
  assert(i == 9)
end

do --- break-outside-loop-is-error
  local f, err = loadstring("break")
  assert(f == nil and err:find("break"), err)
end

do --- nested-loops-closures
  local fs = {}
  for i = 1, 3 do
    for j = 1, 3 do
      fs[#fs + 1] = function() return i * 10 + j end
    end
  end
  assert(fs[1]() == 11 and fs[5]() == 22 and fs[9]() == 33)
end
