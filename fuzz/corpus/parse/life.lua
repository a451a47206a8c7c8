-- Golden: Conway's game of life on a small torus.
local W, H = 16, 8
local g = {}
for y = 1, H do g[y] = {} for x = 1, W do g[y][x] = 0 end end
g[2][3], g[3][4], g[4][2], g[4][3], g[4][4] = 1, 1, 1, 1, 1
local function step(g)
  local n = {}
  for y = 1, H do
    n[y] = {}
    for x = 1, W do
      local c = 0
      for dy = -1, 1 do for dx = -1, 1 do
        if dx ~= 0 or dy ~= 0 then c = c + g[(y + dy - 1) % H + 1][(x + dx - 1) % W + 1] end
      end end
      n[y][x] = (c == 3 or (c == 2 and g[y][x] == 1)) and 1 or 0
    end
  end
  return n
end
for gen = 1, 4 do
  for y = 1, H do local row = {} for x = 1, W do row[x] = g[y][x] == 1 and "#" or "." end print(table.concat(row)) end
  print("--", gen)
  g = step(g)
end
