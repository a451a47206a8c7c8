-- jit library: identification, status, optimisation settings and per-function
-- switches, as LuaJIT 2.1 has them. strix has no trace compiler yet and says so.

local strix = jit.version:find("strix", 1, true) ~= nil

-- The command that runs this VM (with its mode options), for child processes.
local function vmcmd()
  local i = -1
  while arg[i - 1] do i = i - 1 end
  local parts = {}
  for k = i, -1 do parts[#parts + 1] = "'" .. arg[k] .. "'" end
  return table.concat(parts, " ")
end

-- Output and exit status of the VM run with `opts`.
local function run(opts)
  local p = io.popen(vmcmd() .. " " .. opts .. " 2>&1; echo \"status=$?\"")
  local out = p:read("*a")
  p:close()
  return out
end

do --- identifies-as-luajit-2.1
  assert(jit.version:match("^LuaJIT 2%.1"), jit.version)
  assert(jit.version_num == 20100 and jit.os == "Linux" and jit.arch == "x64")
  assert(require("jit") == jit and package.loaded.jit == jit)
end

do --- status-lists-flags
  local st = {jit.status()}
  assert(type(st[1]) == "boolean")
  local seen = {}
  for i = 2, #st do seen[st[i]] = true end
  for _, f in ipairs({"fold", "cse", "dce", "fwd", "dse", "narrow", "loop", "abc", "sink", "fuse"}) do
    assert(seen[f], f)
  end
  if strix then assert(st[1] == false) end
end

do --- on-is-refused-while-there-is-no-jit
  if strix then
    local ok, err = pcall(jit.on)
    assert(not ok and err:find("no trace compiler"), err)
  end
  jit.off()
  jit.flush()
end

do --- opt-start-levels-flags-params
  jit.opt.start(2)
  local st = table.concat({select(2, jit.status())}, " ")
  assert(st:find("fold cse dce narrow loop$"), st)
  jit.opt.start("-fold", "+abc", "hotloop=10")
  st = table.concat({select(2, jit.status())}, " ")
  assert(st:find("cse dce narrow loop abc$"), st)
  jit.opt.start(3)
  for _, bad in ipairs({"bogus", "hotloop", "hotloop=x", "O3", "+nope"}) do
    local ok, err = pcall(jit.opt.start, bad)
    assert(not ok and err:find("unknown or malformed optimization flag '" .. bad .. "'", 1, true), err)
  end
  assert(not pcall(jit.opt.start, {}))
end

do --- per-function-switches
  local function f() return 1 end
  jit.off(f)
  jit.on(f, true)
  jit.off(true)
  assert(not pcall(jit.off, 42))
  assert(f() == 1)
end

do --- attach-checks-its-handler
  local h = function() end
  jit.attach(h, "trace")
  jit.attach(h)
  assert(not pcall(jit.attach, 1))
end

do --- command-line-O-and-j
  local out = run([[-O1,hotloop=3 -e "print(select(2, jit.status()))"]])
  assert(out:find("fold\tcse\tdce\n") and not out:find("narrow") and out:find("status=0"), out)
  out = run([[-Obogus -e "print(1)"]])
  assert(out:find("unknown or malformed optimization flag 'bogus'") and out:find("status=1"), out)
  out = run([[-joff -jflush -e "print('ran')"]])
  assert(out:find("ran") and out:find("status=0"), out)
  out = run([[-jnosuchcmd -e "print(1)"]])
  assert(out:find("unknown luaJIT command") and out:find("status=1"), out)
end
