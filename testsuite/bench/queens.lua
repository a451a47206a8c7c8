-- queens.lua: counts N-queens solutions by backtracking over arrays. Size: board size.
local bench = dofile((arg[0]:match("^(.*)/") or ".") .. "/harness.lua")

bench.run(function(n)
  local cols, diag1, diag2 = {}, {}, {}
  for i = 1, 2 * n do cols[i], diag1[i], diag2[i] = false, false, false end
  local function place(row)
    if row > n then return 1 end
    local found = 0
    for c = 1, n do
      local d1, d2 = row + c, row - c + n
      if not cols[c] and not diag1[d1] and not diag2[d2] then
        cols[c], diag1[d1], diag2[d2] = true, true, true
        found = found + place(row + 1)
        cols[c], diag1[d1], diag2[d2] = false, false, false
      end
    end
    return found
  end
  return place(1)
end)
