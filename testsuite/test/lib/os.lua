-- os library. Nothing here depends on the machine's time zone: UTC formats use `!`,
-- local dates are only compared through os.date("*t") / os.time round trips, and
-- local differences are taken in January at noon, away from DST switches.

-- The shell command that starts this VM again (with its mode arguments).
local function vm_command()
  local i = -1
  while arg[i - 1] do i = i - 1 end
  local parts = {}
  for j = i, -1 do parts[#parts + 1] = "'" .. arg[j] .. "'" end
  return table.concat(parts, " ")
end

-- Run a chunk in a fresh VM; the raw status os.execute gives (exit code * 256).
local function run_chunk(src)
  return os.execute(vm_command() .. " -e '" .. src .. "'")
end

local function err_of(f, ...)
  local ok, e = pcall(f, ...)
  assert(not ok, "expected an error")
  return e
end

do --- os-functions-present
  for _, k in ipairs{"clock", "date", "difftime", "execute", "exit", "getenv",
                     "remove", "rename", "setlocale", "time", "tmpname"} do
    assert(type(os[k]) == "function", k)
  end
end

do --- date-utc-fixed
  local t = 86400 * 45 + 3723 -- 1970-02-15 01:02:03 UTC, a Sunday
  assert(os.date("!%Y-%m-%d %H:%M:%S", t) == "1970-02-15 01:02:03")
  assert(os.date("!%c", 0) == "Thu Jan  1 00:00:00 1970")
  assert(os.date("!%x %X", 0) == "01/01/70 00:00:00")
  assert(os.date("!%a %A %b %B %p %j %w %u", t) == "Sun Sunday Feb February AM 046 0 7")
  assert(os.date("!%y %C %e %D %F %T %R %h", t) == "70 19 15 02/15/70 1970-02-15 01:02:03 01:02 Feb")
  assert(os.date("!%I %l %r %n%t%%", t) == "01  1 01:02:03 AM \n\t%")
  assert(os.date("!%U %W %V %G %g", t) == "07 06 07 1970 70")
  -- %s goes through local time both ways, so it gives t back in any zone.
  assert(os.date("%s", t) == tostring(t))
  assert(os.date("!%z %Z", 0) == "+0000 GMT")
end

do --- date-modifiers-and-flags
  assert(os.date("!%Ey %EY %EC %Ex %EX %Ec", 0) == "70 1970 19 01/01/70 00:00:00 Thu Jan  1 00:00:00 1970")
  assert(os.date("!%Od %Oe %OH %OI %Om %OM %OS %Ou %OU %OV %Ow %OW %Oy", 0)
         == "01  1 00 12 01 00 00 4 00 01 4 00 70")
  assert(os.date("!%Ez %Oz", 0) == "+0000 +0000")
  assert(os.date("!%-d|%_d|%0e|%^a|%#b|%10Y", 0) == "1| 1|01|THU|JAN|0000001970")
end

do --- date-invalid-conversions-pass-through
  -- glibc's strftime copies what it does not understand; LuaJIT raises no error.
  assert(os.date("!%", 0) == "%")
  assert(os.date("!%Q", 0) == "%Q")
  assert(os.date("!%E", 0) == "%E")
  assert(os.date("!%O", 0) == "%O")
  assert(os.date("!%E%", 0) == "%")
  assert(os.date("!a%", 0) == "a%")
  assert(os.date("!%-", 0) == "%-")
  assert(os.date("!%+Y", 0) == "%+Y")
  assert(os.date("!%10", 0) == "       %10")
  assert(os.date("!%10Q", 0) == "      %10Q")
end

do --- date-long-formats
  local s = os.date("!" .. ("%Y"):rep(100), 0)
  assert(s == ("1970"):rep(100))
  assert(os.date(("x"):rep(300), 0) == ("x"):rep(300))
  assert(os.date("!" .. ("%c|"):rep(200), 0) == ("Thu Jan  1 00:00:00 1970|"):rep(200))
  assert(#os.date("!%100Y", 0) == 100)
  assert(os.date("!%500Y", 0) == ("0"):rep(496) .. "1970")
end

do --- date-empty-and-nul
  assert(os.date("", 0) == "")
  assert(os.date("!", 0) == "")
  -- The format ends at an embedded NUL, as the C function sees it.
  assert(os.date("!a\0b%Y", 0) == "a")
  assert(os.date("!*t\0x", 0).year == 1970)
end

do --- date-star-t
  local d = os.date("!*t", 86400 * 45 + 3723)
  assert(d.year == 1970 and d.month == 2 and d.day == 15)
  assert(d.hour == 1 and d.min == 2 and d.sec == 3)
  assert(d.wday == 1 and d.yday == 46 and d.isdst == false)
  local n = 0
  for _ in pairs(d) do n = n + 1 end
  assert(n == 9)
  local e = os.date("!*t", 951782400) -- 2000-02-29, a leap day
  assert(e.month == 2 and e.day == 29 and e.yday == 60 and e.wday == 3)
  local l = os.date("*t", 0)
  assert(type(l.isdst) == "boolean" and type(l.yday) == "number")
  -- Only exactly "*t" is special.
  assert(os.date("!*tx", 0) == "*tx")
  assert(os.date("!*T", 0) == "*T")
end

do --- date-time-argument
  assert(os.date("!%H:%M:%S", 3.9) == "00:00:03")
  assert(os.date("!%S", -0.5) == "00")
  assert(os.date("!%Y", -1) == "1969")
  assert(os.date("!%c", "12") == "Thu Jan  1 00:00:12 1970")
  assert(os.date(12) == "12")
  assert(os.date("!%Y", 1e15) == "31690708")
  assert(os.date("!%Y", -1e15) == "-31686769")
  -- Dates whose year does not fit give nil.
  assert(os.date("!%c", 1e300) == nil)
  assert(os.date("!*t", -1e300) == nil)
  assert(os.date("!%c", 0/0) == nil)
  assert(os.date("%c", 2^63) == nil)
end

do --- date-default-format
  local t = os.time()
  local a, b = os.date(), os.date("%c", t)
  assert(type(a) == "string" and #a == #b)
  assert(os.date(nil, 0) == os.date("%c", 0))
end

do --- date-errors
  assert(err_of(os.date, {}):find("bad argument #1 to '?' (string expected, got table)", 1, true))
  assert(err_of(os.date, "%c", "x"):find("bad argument #2 to '?' (number expected, got string)", 1, true))
  assert(err_of(os.date, "*t", {}):find("bad argument #2 to '?' (number expected, got table)", 1, true))
  local ok, e = pcall(function() local s = os.date(true) return s end)
  assert(not ok and e:find("bad argument #1 to 'date' (string expected, got boolean)", 1, true))
end

do --- time-now
  local t = os.time()
  assert(type(t) == "number" and t == math.floor(t) and t > 1.5e9)
  assert(os.time(nil) >= t)
end

do --- time-round-trip
  for _, t in ipairs{0, 1, 86399, 951782400, 1234567890, 2^31 + 5, -86400 * 400, 4102444800} do
    assert(os.time(os.date("*t", t)) == t, t)
  end
end

do --- time-defaults
  -- hour defaults to 12, min and sec to 0.
  local d = os.date("*t", os.time{year = 2000, month = 1, day = 1})
  assert(d.year == 2000 and d.month == 1 and d.day == 1)
  assert(d.hour == 12 and d.min == 0 and d.sec == 0)
  assert(os.time{year = 2000, month = 1, day = 1}
         == os.time{year = 2000, month = 1, day = 1, hour = 12, min = 0, sec = 0})
end

do --- time-normalises
  local function norm(t)
    local d = os.date("*t", os.time(t))
    return string.format("%d-%02d-%02d %02d:%02d:%02d", d.year, d.month, d.day, d.hour, d.min, d.sec)
  end
  assert(norm{year = 2000, month = 14, day = 0} == "2001-01-31 12:00:00")
  assert(norm{year = 2000, month = 1, day = 0} == "1999-12-31 12:00:00")
  assert(norm{year = 2000, month = 0, day = 1} == "1999-12-01 12:00:00")
  assert(norm{year = 2000, month = -13, day = 1} == "1998-11-01 12:00:00")
  assert(norm{year = 2000, month = 3, day = 0} == "2000-02-29 12:00:00")
  assert(norm{year = 2001, month = 3, day = 0} == "2001-02-28 12:00:00")
  assert(norm{year = 2000, month = 1, day = 1, hour = 36} == "2000-01-02 12:00:00")
  assert(norm{year = 2000, month = 1, day = 10, hour = 12, min = -61, sec = 3600} == "2000-01-10 11:59:00")
  assert(norm{year = 2000, month = 1, day = 2, hour = 0, min = 0, sec = -1} == "2000-01-01 23:59:59")
  -- The table itself is left as it was.
  local t = {year = 2000, month = 14, day = 0, hour = 25}
  os.time(t)
  assert(t.month == 14 and t.day == 0 and t.hour == 25 and t.min == nil and t.yday == nil)
end

do --- time-differences
  local a = os.time{year = 2000, month = 1, day = 1}
  assert(os.time{year = 2000, month = 1, day = 2} - a == 86400)
  assert(os.time{year = 2000, month = 1, day = 1, sec = 59} - a == 59)
  assert(os.time{year = 2000, month = 1, day = 1, hour = 13, min = 1} - a == 3660)
  assert(os.time{year = 2001, month = 1, day = 1} - a == 366 * 86400)
end

do --- time-field-conversion
  local a = os.time{year = 2000, month = 1, day = 1}
  -- Strings convert; fractions truncate; non-numbers take the default.
  assert(os.time{year = "2000", month = "1", day = "1"} == a)
  assert(os.time{year = 2000.7, month = 1.9, day = 1.5} == a)
  assert(os.time{year = 2000, month = 1, day = 1, hour = "a"} == a)
  assert(os.time{year = 2000, month = 1, day = 1, hour = {}} == a)
  assert(os.time{year = 2000, month = 1, day = 1, min = "0x1"} == a + 60)
  -- A field that is not a number counts as missing.
  assert(err_of(os.time, {year = "x", month = 1, day = 1}) == "field 'year' missing in date table")
end

do --- time-isdst
  -- nil lets mktime decide; true asks for summer time, which where the date has none
  -- means an hour (or a zone's DST offset) earlier, and false for winter time.
  local a = os.time{year = 2000, month = 1, day = 1}
  local f = os.time{year = 2000, month = 1, day = 1, isdst = false}
  local t = os.time{year = 2000, month = 1, day = 1, isdst = true}
  assert(f - t >= 0 and f - t <= 3600)
  assert(a == f or a == t)
  assert(os.time{year = 2000, month = 1, day = 1, isdst = 0} == t)
  assert(os.time{year = 2000, month = 1, day = 1, isdst = "no"} == t)
end

do --- time-metamethods
  local seen = {}
  local t = setmetatable({}, {__index = function(_, k)
    seen[#seen + 1] = k
    return ({year = 2000, month = 1, day = 1})[k]
  end})
  assert(os.time(t) == os.time{year = 2000, month = 1, day = 1})
  assert(table.concat(seen, " ") == "sec min hour day month year isdst")
end

do --- time-missing-fields
  assert(err_of(os.time, {year = 2000, month = 1}) == "field 'day' missing in date table")
  assert(err_of(os.time, {year = 2000, day = 1}) == "field 'month' missing in date table")
  assert(err_of(os.time, {month = 1, day = 1}) == "field 'year' missing in date table")
  assert(err_of(os.time, {}) == "field 'day' missing in date table")
  local ok, e = pcall(function() local t = os.time{} return t end)
  assert(not ok and e:find(":%d+: field 'day' missing in date table$"))
end

do --- time-errors
  assert(err_of(os.time, 5):find("bad argument #1 to '?' (table expected, got number)", 1, true))
  assert(err_of(os.time, "x"):find("bad argument #1 to '?' (table expected, got string)", 1, true))
  assert(err_of(os.time, false):find("bad argument #1 to '?' (table expected, got boolean)", 1, true))
end

do --- time-extremes
  -- mktime's error value: one second before the epoch (in UTC) and unrepresentable
  -- dates both give nil; far-off years wrap to 32 bits as the C int fields do.
  local r = os.time{year = 1e10, month = 1, day = 1}
  assert(r == nil or type(r) == "number")
  assert(os.time{year = 1, month = 1, day = 1} < -6.2e10)
  assert(os.time{year = 2000, month = 1, day = 1, sec = 2^40}
         == os.time{year = 2000, month = 1, day = 1})
  assert(os.time{year = 2000, month = 1, day = 1, sec = 0/0}
         == os.time{year = 2000, month = 1, day = 1})
end

do --- difftime
  assert(os.difftime(5, 3) == 2)
  assert(os.difftime(5) == 5)
  assert(os.difftime("7", "2") == 5)
  -- Both arguments truncate to whole seconds first.
  assert(os.difftime(5.9, 0.2) == 5)
  assert(os.difftime(2^53, 0.5) == 2^53)
  assert(os.difftime(1e300) == -2^63)
  assert(os.difftime(0/0, 0) == -2^63)
  assert(err_of(os.difftime):find("bad argument #1 to '?' (number expected, got no value)", 1, true))
  assert(err_of(os.difftime, 1, {}):find("bad argument #2 to '?' (number expected, got table)", 1, true))
end

do --- clock
  local c = os.clock()
  assert(type(c) == "number" and c >= 0)
  local x = 0
  for i = 1, 1e6 do x = x + i end
  assert(os.clock() >= c)
end

do --- getenv
  assert(type(os.getenv("PATH")) == "string")
  assert(os.getenv("STRIX_SURELY_UNSET_VARIABLE") == nil)
  assert(os.getenv("PATH\0junk") == os.getenv("PATH"))
  assert(os.getenv(12) == nil)
  assert(err_of(os.getenv):find("bad argument #1 to '?' (string expected, got no value)", 1, true))
end

do --- execute
  assert(os.execute() == 1)
  assert(os.execute(nil) == 1)
  assert(os.execute("true") == 0)
  assert(os.execute("exit 3") == 768)
  assert(os.execute("exit 3\0ignored") == 768)
  assert(os.execute("kill -9 $$") == 9)
  assert(err_of(os.execute, {}):find("bad argument #1 to '?' (string expected, got table)", 1, true))
end

do --- execute-child-sigpipe
  -- The shell starts with SIGPIPE at its default disposition (bit 12 of SigIgn clear),
  -- so a writer into a closed pipe dies quietly, as under a C host.
  assert(os.execute([=[exit $(( 0x$(sed -n 's/^SigIgn:[[:space:]]*//p' /proc/$$/status) >> 12 & 1 ))]=]) == 0)
end

do --- exit-codes
  assert(run_chunk("os.exit()") == 0)
  assert(run_chunk("os.exit(3)") == 3 * 256)
  assert(run_chunk("os.exit(true)") == 0)
  assert(run_chunk("os.exit(false)") == 256)
  assert(run_chunk("os.exit(\"4\")") == 4 * 256)
  assert(run_chunk("os.exit(4.9)") == 4 * 256)
  assert(run_chunk("os.exit(-1)") == 255 * 256)
  assert(run_chunk("os.exit(256)") == 0)
  assert(run_chunk("os.exit(nil, true)") == 0)
  assert(run_chunk("os.exit(false, 1)") == 256)
  -- Out-of-range numbers become INT_MIN, whose low byte is 0.
  assert(run_chunk("os.exit(2^40 + 3)") == 0)
  assert(run_chunk("os.exit(0/0)") == 0)
end

do --- exit-errors
  assert(run_chunk("os.exit(\"x\")") == 256)
  assert(run_chunk("os.exit({})") == 256)
  local ok, e = pcall(os.exit, {})
  assert(not ok and e:find("bad argument #1 to '?' (number expected, got table)", 1, true))
end

do --- exit-close-runs-finalizers
  local fin = "local p = newproxy(true) getmetatable(p).__gc = function() os.exit(7) end "
  -- Without close, exit skips finalizers; with it, they run first.
  assert(run_chunk(fin .. "os.exit(0)") == 0)
  assert(run_chunk(fin .. "os.exit(0, true)") == 7 * 256)
  assert(run_chunk(fin .. "os.exit(0, false)") == 0)
  -- Reachable or not, newest first; an erroring finalizer is skipped.
  assert(run_chunk("for i = 1, 3 do local p = newproxy(true) "
    .. "getmetatable(p).__gc = function() os.exit(i) end _G[i] = p end "
    .. "local q = newproxy(true) getmetatable(q).__gc = function() error(\"x\") end "
    .. "os.exit(0, true)") == 3 * 256)
  -- Finalizers also run when the program ends normally.
  assert(run_chunk(fin) == 7 * 256)
end

do --- tmpname
  local a, b = os.tmpname(), os.tmpname()
  assert(a:match("^/tmp/lua_%w%w%w%w%w%w$") and b:match("^/tmp/lua_%w%w%w%w%w%w$"))
  assert(a ~= b)
  -- The files exist: removing them succeeds once.
  assert(os.remove(a) == true and os.remove(b) == true)
  assert(os.remove(a) == nil)
end

do --- remove
  local name = os.tmpname()
  assert(os.remove(name) == true)
  local r, msg, code = os.remove(name)
  assert(r == nil and msg == name .. ": No such file or directory" and code == 2)
  r, msg, code = os.remove("")
  assert(r == nil and msg == ": No such file or directory" and code == 2)
  -- The name ends at an embedded NUL.
  r, msg = os.remove(name .. "\0tail")
  assert(r == nil and msg == name .. ": No such file or directory")
  assert(err_of(os.remove):find("bad argument #1 to '?' (string expected, got no value)", 1, true))
end

do --- remove-directories
  local dir = os.tmpname()
  assert(os.remove(dir))
  assert(os.execute("mkdir -p '" .. dir .. "/sub'") == 0)
  local r, msg, code = os.remove(dir)
  assert(r == nil and msg == dir .. ": Directory not empty" and code == 39)
  assert(os.remove(dir .. "/sub") == true)
  assert(os.remove(dir) == true)
end

do --- rename
  local a = os.tmpname()
  local b = a .. "-renamed"
  assert(os.rename(a, b) == true)
  local r, msg, code = os.rename(a, b)
  assert(r == nil and msg == a .. ": No such file or directory" and code == 2)
  r, msg, code = os.rename(b, "/nonexistent-dir/x")
  assert(r == nil and msg == b .. ": No such file or directory" and code == 2)
  assert(os.remove(b) == true)
  assert(err_of(os.rename, "a"):find("bad argument #2 to '?' (string expected, got no value)", 1, true))
  assert(err_of(os.rename):find("bad argument #1 to '?' (string expected, got no value)", 1, true))
end

do --- setlocale
  assert(os.setlocale() == "C")
  assert(os.setlocale(nil, "all") == "C")
  for _, cat in ipairs{"collate", "ctype", "monetary", "numeric", "time"} do
    assert(os.setlocale(nil, cat) == "C", cat)
    assert(os.setlocale("C", cat) == "C", cat)
    assert(os.setlocale("POSIX", cat) == "C", cat)
  end
  assert(os.setlocale("C") == "C")
  assert(os.setlocale("no_SUCH.locale") == nil)
  assert(os.setlocale("no_SUCH.locale", "time") == nil)
  assert(os.setlocale(5) == nil)
  assert(os.setlocale() == "C")
end

do --- setlocale-mixed-categories
  if os.setlocale("C.UTF-8", "ctype") then
    assert(os.setlocale(nil, "ctype") == "C.UTF-8")
    assert(os.setlocale(nil, "numeric") == "C")
    local all = os.setlocale()
    assert(all:find("LC_CTYPE=C.UTF-8;", 1, true) and all:find("LC_NUMERIC=C;", 1, true))
    -- A composite name restores every category.
    assert(os.setlocale("C") == "C")
    assert(os.setlocale(all) == all)
    assert(os.setlocale(nil, "ctype") == "C.UTF-8")
  end
end

do --- setlocale-errors
  assert(err_of(os.setlocale, nil, "xyz"):find("bad argument #2 to '?' (invalid option 'xyz')", 1, true))
  assert(err_of(os.setlocale, "C", ""):find("bad argument #2 to '?' (invalid option '')", 1, true))
  assert(err_of(os.setlocale, "C", "ALL"):find("bad argument #2 to '?' (invalid option 'ALL')", 1, true))
  assert(err_of(os.setlocale, nil, 5):find("bad argument #2 to '?' (invalid option '5')", 1, true))
  assert(err_of(os.setlocale, nil, {}):find("bad argument #2 to '?' (string expected, got table)", 1, true))
  assert(err_of(os.setlocale, {}, "xyz"):find("bad argument #1 to '?' (string expected, got table)", 1, true))
end
