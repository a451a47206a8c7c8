-- Print the source line of every instruction of every function in a file (children first).
local jutil = require("jit.util")
local function dump(f)
  local fi = jutil.funcinfo(f)
  if fi.children then
    for n = -1, -1000000, -1 do
      local k = jutil.funck(f, n)
      if not k then break end
      if type(k) == "proto" then dump(k) end
    end
  end
  local t = {}
  for pc = 0, fi.bytecodes - 1 do
    t[#t + 1] = jutil.funcinfo(f, pc).currentline
  end
  io.write(fi.linedefined, "-", fi.lastlinedefined, ": ", table.concat(t, " "), "\n")
end
dump(assert(loadfile(arg[1])))
