-- Golden: string library output.
local s = "Hello, World"
print(#s, s:upper(), s:lower(), s:reverse(), s:sub(1, 5), s:sub(-5), s:sub(-5, -2), s:sub(8, 100))
print(s:byte(1), s:byte(-1), s:byte(1, 3))
print(string.char(76, 117, 97), ("ab"):rep(3), ("ab"):rep(3, "-"), ("x"):rep(0))
print(s:find("World"), s:find("o", 6), s:find("l+"), s:find(".", 1, true))
print(s:match("(%a+), (%a+)"))
print(s:gsub("o", "0"))
print(("one two three"):gsub("(%w+)", "<%1>"))
for w in ("a1 b22 c333"):gmatch("%a(%d+)") do io.write(w, ";") end
print()
print(string.format("[%5s][%-5s][%.2s]", "ab", "ab", "abcdef"))
print(string.format("%q", "line1\nline2\t\"quoted\"\\ \0 end"))
print(string.format("%d %5d %-5d| %05d %x %X %#x", 42, 42, 42, 42, 3054, 3054, 3054))
print(string.format("%f %.2f %5.2f %e %g %g %g", 3.14159, 3.14159, 3.14159, 31415.9, 0.0001, 1e-5, 123456789))
print(string.format("%s %s %s %s", nil, true, 12, 1.5))
print(string.format("%c%c%c %%", 97, 98, 99))
print(("%d items"):format(3), tostring(12):len())
print(("x"):rep(10):len(), ("\0\1\2"):len(), ("abc") < ("abd"), ("Z") < ("a"))
