-- Write a CSV file, read it back line by line, parse it and print a summary.

local dir = os.getenv("TMPDIR") or "/tmp"
local name = dir .. "/strix-golden-csv-" .. tostring({}):match("0x(%x+)") .. "-" .. os.time()

local cities = {
  {"Lisbon", "PT", 545923, 100.05},
  {"Porto", "PT", 231800, 41.42},
  {"Zurich", "CH", 421878, 87.88},
  {"Geneva", "CH", 203856, 15.93},
  {"Basel", "CH", 173863, 23.91},
  {"Lyon", "FR", 522250, 47.87},
  {"Paris", "FR", 2102650, 105.4},
  {"Saint-Etienne, Loire", "FR", 173089, 79.97},
  {"Quote \"Town\"", "XX", 1, 0.5},
}

-- Quote a field when it holds a separator, a quote or a newline.
local function field(v)
  v = tostring(v)
  if v:find('[,"\n]') then
    return '"' .. v:gsub('"', '""') .. '"'
  end
  return v
end

local out = assert(io.open(name, "w"))
out:write("city,country,population,area\n")
for _, c in ipairs(cities) do
  local row = {}
  for i, v in ipairs(c) do row[i] = field(v) end
  out:write(table.concat(row, ","), "\n")
end
assert(out:close())

-- Split one CSV line into fields, honouring quotes.
local function parse(line)
  local fields, pos = {}, 1
  while true do
    if line:sub(pos, pos) == '"' then
      local buf, i = {}, pos + 1
      while true do
        local q = line:find('"', i, true)
        buf[#buf + 1] = line:sub(i, q - 1)
        if line:sub(q + 1, q + 1) == '"' then
          buf[#buf + 1] = '"'
          i = q + 2
        else
          pos = q + 1
          break
        end
      end
      fields[#fields + 1] = table.concat(buf)
    else
      local e = line:find(",", pos, true) or #line + 1
      fields[#fields + 1] = line:sub(pos, e - 1)
      pos = e
    end
    if line:sub(pos, pos) ~= "," then break end
    pos = pos + 1
  end
  return fields
end

local header, rows = nil, {}
local nlines = 0
for line in io.lines(name) do
  nlines = nlines + 1
  local f = parse(line)
  if not header then
    header = f
  else
    local r = {}
    for i, h in ipairs(header) do r[h] = f[i] end
    r.population = tonumber(r.population)
    r.area = tonumber(r.area)
    rows[#rows + 1] = r
  end
end

print(("read %d lines, %d records, columns: %s"):format(nlines, #rows, table.concat(header, " ")))

local by, order = {}, {}
for _, r in ipairs(rows) do
  local c = by[r.country]
  if not c then
    c = {n = 0, pop = 0, area = 0, largest = r}
    by[r.country] = c
    order[#order + 1] = r.country
  end
  c.n = c.n + 1
  c.pop = c.pop + r.population
  c.area = c.area + r.area
  if r.population > c.largest.population then c.largest = r end
end
table.sort(order)
for _, k in ipairs(order) do
  local c = by[k]
  print(("%-3s cities=%d population=%9d area=%8.2f density=%9.2f largest=%s"):format(
    k, c.n, c.pop, c.area, c.pop / c.area, c.largest.city))
end

table.sort(rows, function(a, b) return a.population / a.area > b.population / b.area end)
print("densest: " .. rows[1].city .. ", sparsest: " .. rows[#rows].city)

-- The file read as a whole matches what the line reader saw.
local f = assert(io.open(name))
local all = f:read("*a")
f:close()
local count = select(2, all:gsub("\n", ""))
print("bytes: " .. #all .. ", newlines: " .. count)

if os.remove then os.remove(name) else io.open(name, "w"):close() end
