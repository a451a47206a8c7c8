-- io library: file handles, open modes, read formats, lines, write, seek, buffering,
-- pipes, default files, closed files and error results, as LuaJIT 2.1 has them.

local dir = os.getenv("TMPDIR") or "/tmp"

-- A fresh, absent file name for this block (blocks may run at the same time).
local function tmpname()
  local name = os.tmpname()
  os.remove(name)
  return name
end

local remove = os.remove

local function writefile(name, s)
  local f = assert(io.open(name, "wb"))
  assert(f:write(s))
  assert(f:close())
end

local function readfile(name)
  local f = assert(io.open(name, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

-- The error message of f(...), which must fail.
local function errmsg(f, ...)
  local ok, e = pcall(f, ...)
  assert(not ok, "expected an error")
  return e
end

-- The command that runs this VM (with its mode options), for child processes.
local function vmcmd()
  local i = -1
  while arg[i - 1] do i = i - 1 end
  local parts = {}
  for k = i, -1 do parts[#parts + 1] = "'" .. arg[k] .. "'" end
  return table.concat(parts, " ")
end

do --- io-type-and-standard-files
  assert(io.type(io.stdin) == "file" and io.type(io.stdout) == "file")
  assert(io.type(io.stderr) == "file")
  assert(io.type(42) == nil and io.type({}) == nil and io.type(newproxy()) == nil)
  assert(errmsg(function() local _ = io.type() end)
         :find("bad argument #1 to 'type' (value expected)", 1, true))
  assert(tostring(io.stdout):match("^file %(0x%x+%)$"))
  assert(io.input() == io.stdin and io.output() == io.stdout)
  local f = io.tmpfile()
  assert(io.type(f) == "file")
  assert(f:close() == true)
  assert(io.type(f) == "closed file")
  assert(tostring(f) == "file (closed)")
end

do --- io-metatable-shared
  local mt = getmetatable(io.stdout)
  assert(type(mt) == "table" and mt.__index == mt)
  assert(getmetatable(io.tmpfile()) == mt)
  for _, k in ipairs{"close", "flush", "lines", "read", "seek", "setvbuf", "write",
                     "__gc", "__tostring"} do
    assert(type(mt[k]) == "function", k)
  end
  assert(io.stdout.write == mt.write)
  assert(errmsg(mt.__tostring, newproxy()):find("FILE* expected, got userdata", 1, true))
  assert(errmsg(function() local _ = mt.read(nil) end)
         :find("bad argument #1 to 'read' (FILE* expected, got nil)", 1, true))
end

do --- open-write-read-append
  local name = tmpname()
  local f = assert(io.open(name, "w"))
  assert(f:write("one\n", 2, "\n") == true)
  assert(f:close())
  assert(readfile(name) == "one\n2\n")
  f = assert(io.open(name, "a"))
  f:write("three\n")
  f:close()
  assert(readfile(name) == "one\n2\nthree\n")
  f = assert(io.open(name))                -- default mode "r"
  assert(f:read("*a") == "one\n2\nthree\n")
  f:close()
  f = assert(io.open(name, "r+"))
  f:write("ONE")
  f:seek("set")
  assert(f:read("*l") == "ONE")
  f:close()
  f = assert(io.open(name, "a+"))
  f:write("four\n")
  f:seek("set")
  assert(f:read("*a") == "ONE\n2\nthree\nfour\n")
  f:close()
  f = assert(io.open(name, "w+"))
  assert(f:read("*a") == "")
  f:write("x")
  f:seek("set")
  assert(f:read("*a") == "x")
  f:close()
  for _, m in ipairs{"rb", "wb", "ab", "r+b", "w+b", "a+b"} do
    f = assert(io.open(name, m), m)
    f:close()
  end
  remove(name)
end

do --- open-failures
  local name = tmpname()
  local f, msg, code = io.open(name)
  assert(f == nil and msg == name .. ": No such file or directory" and code == 2)
  f, msg, code = io.open(name, "z")
  assert(f == nil and msg == name .. ": Invalid argument" and code == 22)
  f, msg, code = io.open(name, "")
  assert(f == nil and code == 22)
  f, msg, code = io.open(dir, "w")
  assert(f == nil and msg == dir .. ": Is a directory" and code == 21)
  f, msg, code = io.open(dir .. "/no/such/dir/x", "w")
  assert(f == nil and msg:find("No such file or directory$") and code == 2)
  assert(errmsg(function() local _ = io.open() end)
         :find("bad argument #1 to 'open' (string expected, got no value)", 1, true))
  assert(errmsg(function() local _ = io.open("x", {}) end)
         :find("bad argument #2 to 'open' (string expected", 1, true))
end

do --- read-directory
  local f = assert(io.open(dir))
  for _, fmt in ipairs{"*a", "*l", "*n", 0, 5} do
    local v, msg, code = f:read(fmt)
    assert(v == nil and msg == "Is a directory" and code == 21)
  end
  local it = f:lines()
  assert(errmsg(it):find("Is a directory", 1, true))
  f:close()
end

do --- read-wrong-direction
  local name = tmpname()
  local f = assert(io.open(name, "w"))
  local v, msg, code = f:read("*l")
  assert(v == nil and msg == "Bad file descriptor" and code == 9)
  f:close()
  f = assert(io.open(name, "r"))
  v, msg, code = f:write("x")
  assert(v == nil and msg == "Bad file descriptor" and code == 9)
  f:close()
  remove(name)
end

do --- read-formats
  local f = io.tmpfile()
  f:write("line1\nline2\n\nlast")
  f:seek("set")
  assert(f:read() == "line1")
  assert(f:read("*L") == "line2\n")
  assert(f:read("*l") == "")
  assert(f:read(0) == "")
  assert(f:read(2) == "la")
  assert(f:read("*a") == "st")
  assert(f:read("*a") == "")                 -- *a at end of file: empty string
  assert(f:read("*l") == nil and f:read("*L") == nil)
  assert(f:read(0) == nil and f:read(1) == nil and f:read("*n") == nil)
  f:seek("set")
  -- LuaJIT 2.1 accepts formats without the star.
  local a, b, c = f:read("l", "L", "a")
  assert(a == "line1" and b == "line2\n" and c == "\nlast")
  f:close()
end

do --- read-several-stops-at-first-failure
  local f = io.tmpfile()
  f:write("x\n")
  f:seek("set")
  assert(select("#", f:read("*l", "*l", "*l")) == 2)
  f:seek("set")
  local a, b = f:read("*l", "*l")
  assert(a == "x" and b == nil)
  f:seek("set")
  -- a format after the failing one is not even checked
  assert(select("#", f:read("*n", "*x")) == 1)
  f:close()
end

do --- read-counts
  local f = io.tmpfile()
  f:write("abcdefghij")
  f:seek("set")
  assert(f:read(2.9) == "ab")                -- counts truncate
  assert(f:read(3, 2) == "cde")
  f:seek("set", 8)
  local x, y = f:read(5, 1)
  assert(x == "ij" and y == nil)
  f:seek("set")
  assert(#f:read(100000) == 10)
  f:close()
end

do --- read-numbers
  local f = io.tmpfile()
  f:write("12 0x10 -3.5e2 nan inf 0x1p4 .5 5. 1e+5x abc")
  f:seek("set")
  local t = {f:read("*n", "*n", "*n", "*n", "*n", "*n", "*n", "*n", "*n")}
  assert(t[1] == 12 and t[2] == 16 and t[3] == -350 and t[4] ~= t[4])
  assert(t[5] == math.huge and t[6] == 16 and t[7] == 0.5 and t[8] == 5)
  assert(t[9] == 100000)
  assert(f:read("*n") == nil)                -- "x" stops the scan
  assert(f:read("*a") == "x abc")
  f:close()
  f = io.tmpfile()
  f:write("  \n\t 42\n7")
  f:seek("set")
  local a, b = f:read("n", "*n")
  assert(a == 42 and b == 7)
  f:close()
end

do --- read-bad-formats
  local f = io.tmpfile()
  f:write("data\n")
  f:seek("set")
  -- called without method syntax, the format is argument #2
  assert(errmsg(f.read, f, "*x") == "bad argument #2 to '?' (invalid format)")
  for _, fmt in ipairs{"*x", "x", "", "*", "2"} do
    local ok, e = pcall(function() local _ = f:read(fmt) end)
    assert(not ok and e:find("bad argument #1 to 'read' (invalid format)", 1, true), fmt)
  end
  local ok, e = pcall(function() local _ = f:read("*l", {}) end)
  assert(not ok and e:find("bad argument #2 to 'read' (invalid option)", 1, true))
  ok, e = pcall(function() local _ = io.read("*x") end)
  assert(not ok and e:find("bad argument #1 to 'read' (invalid format)", 1, true))
  f:close()
end

do --- lines-by-name
  local name = tmpname()
  writefile(name, "a\nbb\n\nccc")
  local t = {}
  for l in io.lines(name) do t[#t + 1] = l end
  assert(#t == 4 and t[1] == "a" and t[2] == "bb" and t[3] == "" and t[4] == "ccc")
  -- the iterator closes the file it opened at end of file; calling it again fails
  local it = io.lines(name)
  for _ = 1, 4 do assert(it()) end
  assert(select("#", it()) == 0)
  assert(errmsg(it):find("attempt to use a closed file", 1, true))
  remove(name)
end

do --- lines-with-formats
  local name = tmpname()
  writefile(name, "line1\nline2\n3 4\n")
  local got = {}
  for a, b in io.lines(name, 2, "*l") do got[#got + 1] = a .. "|" .. b end
  assert(table.concat(got, ",") == "li|ne1,li|ne2,3 |4")
  got = {}
  for l in io.lines(name, "*L") do got[#got + 1] = l end
  assert(table.concat(got) == "line1\nline2\n3 4\n")
  local f = assert(io.open(name))
  f:read("*l")
  f:read("*l")
  got = {}
  for n in f:lines("*n") do got[#got + 1] = n end
  assert(#got == 2 and got[1] == 3 and got[2] == 4)
  -- file:lines does not close the file
  assert(io.type(f) == "file")
  f:close()
  -- formats are checked when the iterator reads
  local it = io.lines(name, "*x")
  assert(errmsg(it):find("(invalid format)", 1, true))
  remove(name)
end

do --- lines-errors
  local name = tmpname()
  local ok, e = pcall(function() local _ = io.lines(name) end)
  assert(not ok)
  assert(e:find("bad argument #1 to 'lines' (" .. name .. ": No such file or directory)",
                1, true))
  ok, e = pcall(function() local _ = io.lines({}) end)
  assert(not ok and e:find("string expected, got table", 1, true))
  local f = io.tmpfile()
  local it = f:lines()
  f:close()
  assert(errmsg(it):find("attempt to use a closed file", 1, true))
  assert(errmsg(f.lines, f):find("attempt to use a closed file", 1, true))
  local fmts = {}
  for i = 1, 60 do fmts[i] = "*l" end
  f = io.tmpfile()
  assert(errmsg(f.lines, f, unpack(fmts)):find("too many results to unpack", 1, true))
  fmts[60] = nil
  assert(type(f:lines(unpack(fmts))) == "function")
  f:close()
end

do --- lines-default-input
  local name = tmpname()
  writefile(name, "p\nq\n")
  io.input(name)
  local t = {}
  for l in io.lines() do t[#t + 1] = l end
  assert(#t == 2 and t[1] == "p" and t[2] == "q")
  -- io.lines() does not close the default input at end of file
  assert(io.type(io.input()) == "file")
  io.input():close()
  io.input(io.stdin)
  remove(name)
end

do --- write-values-and-results
  local f = io.tmpfile()
  -- LuaJIT 2.1 (without 5.2 compatibility) returns true, not the file.
  assert(f:write() == true)
  assert(f:write("a", 1, 2.5, -0, 1e100, 2^53, 0.1, 1/0, -1/0) == true)
  f:seek("set")
  assert(f:read("*a") == "a12.5-01e+1009.007199254741e+150.1inf-inf")
  local ok, e = pcall(function() local _ = f:write("x", {}) end)
  assert(not ok and e:find("bad argument #2 to 'write' (string expected, got table)", 1, true))
  ok, e = pcall(function() local _ = f:write(nil) end)
  assert(not ok and e:find("bad argument #1 to 'write' (string expected, got nil)", 1, true))
  ok, e = pcall(function() local _ = io.write(true) end)
  assert(not ok and e:find("bad argument #1 to 'write' (string expected, got boolean)", 1,
                           true))
  f:close()
end

do --- write-binary-data
  local f = io.tmpfile()
  local s = {}
  for i = 0, 255 do s[#s + 1] = string.char(i) end
  s = table.concat(s)
  f:write(s, s)
  f:seek("set")
  assert(f:read("*a") == s .. s)
  f:seek("set")
  assert(f:read(256) == s)
  f:close()
end

do --- seek
  local f = io.tmpfile()
  f:write("hello world")
  assert(f:seek() == 11)                     -- default: "cur", 0
  assert(f:seek("set") == 0)
  assert(f:seek("set", 6) == 6)
  assert(f:read(5) == "world")
  assert(f:seek("cur", -5) == 6)
  assert(f:seek("end") == 11)
  assert(f:seek("end", -5) == 6)
  assert(f:seek("set", 1.9) == 1)            -- offsets truncate
  local v, msg, code = f:seek("set", -1)
  assert(v == nil and msg == "Invalid argument" and code == 22)
  local ok, e = pcall(function() local _ = f:seek("foo") end)
  assert(not ok and e:find("bad argument #1 to 'seek' (invalid option 'foo')", 1, true))
  ok, e = pcall(function() local _ = f:seek(1) end)
  assert(not ok and e:find("(invalid option '1')", 1, true))
  ok, e = pcall(function() local _ = f:seek("set", "3") end)
  assert(not ok and e:find("bad argument #2 to 'seek' (number expected, got string)", 1, true))
  f:close()
end

do --- setvbuf-and-flush
  local name = tmpname()
  local f = assert(io.open(name, "w"))
  assert(f:setvbuf("no") == true)
  f:write("a")
  assert(readfile(name) == "a")              -- unbuffered: already in the file
  f:close()
  f = assert(io.open(name, "w"))
  assert(f:setvbuf("full", 1024) == true)
  f:write("b")
  assert(readfile(name) == "")               -- fully buffered: not yet
  assert(f:flush() == true)
  assert(readfile(name) == "b")
  f:close()
  f = assert(io.open(name, "w"))
  assert(f:setvbuf("line", "100") == true)
  f:write("c\nd")
  assert(readfile(name) == "c\n")            -- line buffered: up to the newline
  f:close()
  assert(readfile(name) == "c\nd")
  local ok, e = pcall(function() local _ = io.stdout:setvbuf("x") end)
  assert(not ok and e:find("bad argument #1 to 'setvbuf' (invalid option 'x')", 1, true))
  ok, e = pcall(function() local _ = io.stdout:setvbuf() end)
  assert(not ok and e:find("(string expected, got no value)", 1, true))
  assert(io.flush() == true and io.stdout:flush() == true)
  remove(name)
end

do --- closed-file-operations
  local f = io.tmpfile()
  assert(f:close() == true)
  for _, op in ipairs{"close", "read", "write", "lines", "seek", "flush", "setvbuf"} do
    local ok, e = pcall(f[op], f, "no")
    assert(not ok and e == "attempt to use a closed file", op)
  end
  local ok, e = pcall(function() local _ = f:read() end)
  assert(not ok and e:find(":%d+: attempt to use a closed file$"))
  assert(errmsg(io.close, f) == "attempt to use a closed file")
  assert(errmsg(io.input, f) == "attempt to use a closed file")
  -- __gc on a closed file does nothing
  getmetatable(f).__gc(f)
  assert(io.type(f) == "closed file")
end

do --- close-standard-files
  local v, msg = io.stdout:close()
  assert(v == nil and msg == "cannot close standard file")
  v, msg = io.close()                        -- the default output, stdout
  assert(v == nil and msg == "cannot close standard file")
  v, msg = io.stdin:close()
  assert(v == nil and msg == "cannot close standard file")
  assert(io.type(io.stdout) == "file")
  getmetatable(io.stdout).__gc(io.stdout)    -- __gc leaves standard files open
  assert(io.type(io.stdout) == "file")
  assert(io.stdout:write("") == true)
end

do --- default-output-by-name-and-handle
  local name = tmpname()
  local f = io.output(name)
  assert(io.type(f) == "file" and io.output() == f)
  assert(io.write("x", 1, "\n") == true)
  assert(io.close() == true)                 -- closes the default output
  assert(io.type(f) == "closed file")
  assert(errmsg(io.write, "y") == "standard file is closed")
  assert(errmsg(io.flush) == "standard file is closed")
  assert(errmsg(io.close) == "attempt to use a closed file")
  assert(io.output() == f)
  assert(io.output(io.stdout) == io.stdout)
  assert(readfile(name) == "x1\n")
  local g = assert(io.open(name, "a"))
  assert(io.output(g) == g)
  io.write("z")
  g:close()
  io.output(io.stdout)
  assert(readfile(name) == "x1\nz")
  remove(name)
end

do --- default-input-by-name-and-handle
  local name = tmpname()
  writefile(name, "first\n42 rest\n")
  local f = io.input(name)
  assert(io.input() == f)
  assert(io.read() == "first")
  local n, r = io.read("*n", "*l")
  assert(n == 42 and r == " rest")
  assert(io.read() == nil)
  f:close()
  assert(errmsg(io.read) == "standard file is closed")
  -- io.lines() hands out an iterator even then; using it fails
  local it = io.lines()
  assert(errmsg(it):find("attempt to use a closed file", 1, true))
  io.input(io.stdin)
  remove(name)
end

do --- default-file-errors
  local name = tmpname()
  local ok, e = pcall(function() local _ = io.input(name) end)
  assert(not ok and e:find("bad argument #1 to 'input' (" .. name ..
                           ": No such file or directory)", 1, true))
  ok, e = pcall(function() local _ = io.output(dir .. "/no/such/dir/x") end)
  assert(not ok and e:find("bad argument #1 to 'output' (", 1, true))
  ok, e = pcall(function() local _ = io.input({}) end)
  assert(not ok and e:find("bad argument #1 to 'input' (string expected, got table)", 1, true))
  ok, e = pcall(function() local _ = io.output(newproxy()) end)
  assert(not ok and e:find("(FILE* expected, got userdata)", 1, true))
  assert(io.input() == io.stdin and io.output() == io.stdout)
  assert(io.input(nil) == io.stdin)
end

do --- popen-read
  local f = assert(io.popen("echo one; echo two"))
  assert(io.type(f) == "file")
  assert(f:read("*l") == "one")
  assert(f:read("*a") == "two\n")
  assert(f:close() == true)
  local t = {}
  for l in io.popen("printf 'a\\nb\\n'"):lines() do t[#t + 1] = l end
  assert(#t == 2 and t[1] == "a" and t[2] == "b")
  -- LuaJIT 2.1 reports only that the process was waited for, not its status
  assert(io.popen("exit 3"):close() == true)
  local v, msg, code = io.popen("true"):write("x")
  assert(v == nil and msg == "Bad file descriptor" and code == 9)
end

do --- popen-write
  local name = tmpname()
  local f = assert(io.popen("cat > '" .. name .. "'", "w"))
  assert(f:write("piped ", 42, "\n") == true)
  assert(f:close() == true)                  -- waits for cat
  assert(readfile(name) == "piped 42\n")
  remove(name)
end

do --- popen-bad-mode
  local f, msg, code = io.popen("true", "z")
  assert(f == nil and msg == "true: Invalid argument" and code == 22)
end

do --- tmpfile
  local f = assert(io.tmpfile())
  assert(f:write("temp\ndata") == true)
  assert(f:seek("set") == 0)
  assert(f:read("*l") == "temp" and f:read("*a") == "data")
  assert(f:close() == true)
end

do --- gc-closes-and-flushes
  local name = tmpname()
  do
    local f = assert(io.open(name, "w"))
    f:write("buffered")
  end
  collectgarbage()
  collectgarbage()
  assert(readfile(name) == "buffered")
  local f = assert(io.open(name, "w"))
  f:write("again")
  getmetatable(f).__gc(f)
  assert(io.type(f) == "closed file")
  assert(readfile(name) == "again")
  remove(name)
end

do --- stdout-shared-buffer-and-exit-flush
  local vm = vmcmd()
  local p = assert(io.popen(vm .. [[ -e 'print(1) io.write(2) io.stdout:write(3, "\n") print(4)']]))
  assert(p:read("*a") == "1\n23\n4\n")
  p:close()
  -- os.exit flushes buffered output
  p = assert(io.popen(vm .. [[ -e 'io.write("a") print("b") io.stdout:write("c") os.exit(0)']]))
  assert(p:read("*a") == "ab\nc")
  p:close()
  -- so does an uncaught error
  p = assert(io.popen(vm .. [[ -e 'io.write("x") error("boom")' 2>/dev/null]]))
  assert(p:read("*a") == "x")
  p:close()
  -- and files left open at exit are flushed
  local name = tmpname()
  p = assert(io.popen(vm .. " -e 'io.open(\"" .. name .. "\", \"w\"):write(\"kept\")'"))
  p:read("*a")
  p:close()
  assert(readfile(name) == "kept")
  remove(name)
end

do --- stdout-closed-pipe
  local vm = vmcmd()
  local p = assert(io.popen(vm .. " -e 'for i = 1, 1e7 do print(i) end' | head -1"))
  assert(p:read("*a") == "1\n")
  p:close()
end

do --- stdin-read-in-child
  local vm = vmcmd()
  local name = tmpname()
  local p = assert(io.popen(vm .. " -e 'local a, b = io.read(\"*l\", \"*n\") " ..
                            "io.write(a, \"|\", b, \"|\", io.read(\"*a\"))' > '" .. name .. "'",
                            "w"))
  p:write("hello\n 17 tail")
  p:close()
  assert(readfile(name) == "hello|17| tail")
  remove(name)
end

do --- finalizers-run-at-exit
  -- As lua_close does: every pending __gc runs when the VM ends normally.
  local vm = vmcmd()
  local p = assert(io.popen(vm .. [[ -e 'local u = newproxy(true)
    getmetatable(u).__gc = function() io.write("fin") end
    keep = u
    io.write("main ")']]))
  assert(p:read("*a") == "main fin")
  p:close()
end
