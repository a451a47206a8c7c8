-- mandelbrot.lua: escape-time iteration over a grid of complex numbers. Size: grid width.
local bench = dofile((arg[0]:match("^(.*)/") or ".") .. "/harness.lua")

local MAXITER = 50

bench.run(function(n)
  local inside, total = 0, 0
  local scale = 2.0 / n
  for py = 0, n - 1 do
    local ci = py * scale - 1.0
    for px = 0, n - 1 do
      local cr = px * scale - 1.5
      local zr, zi, k = 0.0, 0.0, 0
      while k < MAXITER do
        local zr2, zi2 = zr * zr, zi * zi
        if zr2 + zi2 > 4.0 then break end
        zi = 2.0 * zr * zi + ci
        zr = zr2 - zi2 + cr
        k = k + 1
      end
      if k == MAXITER then inside = inside + 1 end
      total = total + k
    end
  end
  return inside .. " " .. total
end)
