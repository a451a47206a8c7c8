-- goto and labels (LuaJIT extension to 5.1).

do --- goto-forward
  local x = 1
  goto skip
  x = 2
  ::skip::
  assert(x == 1)
end

do --- goto-backward-loop
  local i = 0
  ::top::
  i = i + 1
  if i < 5 then goto top end
  assert(i == 5)
end

do --- goto-continue-pattern
  local s = 0
  for i = 1, 10 do
    if i % 2 == 0 then goto continue end
    s = s + i
    ::continue::
  end
  assert(s == 25)
end

do --- goto-out-of-nested-loops
  local found
  for i = 1, 10 do
    for j = 1, 10 do
      if i * j == 42 then found = {i, j}; goto done end
    end
  end
  ::done::
  assert(found[1] == 6 and found[2] == 7)
end

do --- goto-closures-fresh-per-iteration
  local fs, i = {}, 1
  ::again::
  local v = i
  fs[i] = function() return v end
  i = i + 1
  if i <= 3 then goto again end
  assert(fs[1]() == 1 and fs[2]() == 2 and fs[3]() == 3)
end

do --- goto-undefined-label-error
  local f, err = loadstring("goto nowhere")
  assert(f == nil and err:find("nowhere"), err)
end

do --- goto-into-local-scope-error
  local f, err = loadstring("goto l; local x = 1; ::l:: print(x)")
  assert(f == nil and err:find("jumps into the scope of local 'x'"), err)
end

do --- goto-label-at-block-end-ok
  local f = loadstring("do goto l; local x = 1; ::l:: end return 1")
  assert(f and f() == 1)
end

do --- goto-duplicate-label-error
  local f, err = loadstring("::a:: ::a::")
  assert(f == nil and err:find("'a'"), err)
end

do --- goto-into-block-error
  local f = loadstring("goto inner; do ::inner:: end")
  assert(f == nil)
end

do --- goto-nested-functions-separate
  local f = loadstring("::l:: local function g() goto l end")
  assert(f == nil)
end

do --- goto-as-while
  local n = 0
  do
    ::loop::
    if n >= 3 then goto out end
    n = n + 1
    goto loop
  end
  ::out::
  assert(n == 3)
end
