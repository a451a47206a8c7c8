-- Golden: number formatting (%.14g) and coercions across many edge values.
local vals = {0, -0.0, 1, -1, 0.1, 0.5, 1/3, 2/3, 1e14, 1e15, 1e16, 1e17, 2^53, 2^53 + 1, 2^63, 2^64,
  -2^31, 2^31 - 1, 123456789012345, 1234567890123456, 1e100, 1e-100, 1e308, 1e-308, 2^-1074,
  1.7976931348623157e308, 1/0, -1/0, 3.14159265358979, 100, 1e2, 12.5, 0.001, 0.0001, 0.00001,
  99999999999999, 999999999999999, 1e21, 5e-324, 255, 0x7fffffff, 0xffffffff, -1e15}
for i, v in ipairs(vals) do
  print(i, v, tostring(v), v .. "", string.format("%.14g", v), string.format("%g", v), math.floor(v) == v)
end
local nan = 0/0
print("nan self-equal", nan == nan, nan ~= nan)
print("coerce", "10" + 5, "0x10" * 2, "1e2" / 4, " 7 " % 4, -"3", "2" ^ "10")
print("concat", 1 .. 2, 1.5 .. "", -0.0 .. "", 2^53 .. "")
for _, s in ipairs({"42", " 42 ", "0x2A", "4.2e1", "42x", "", "0x", "1e", "inf", ".5", "5.", "-.5"}) do
  print(string.format("%q", s), tonumber(s))
end
for base = 2, 36, 2 do io.write(tostring(tonumber("11", base)), " ") end
print()
print(tonumber("zz", 36), tonumber("777", 8), tonumber("11111111", 2), tonumber("8", 8))
print(math.floor(-3.5), math.ceil(-3.5), math.fmod(-7, 3), -7 % 3, 7 % -3, math.abs(-0.0))
print(8 / 3, 2^0.5, 10 / 4, 1e300 * 1e10, -1e300 * 1e10)
print(string.format("%5.2f|%-8.3f|%+d|%05d|%x|%X|%o|%e|%.3e|%g|%g", 3.14159, 2.5, 5, 42, 255, 255, 8, 1234.5, 0.000123, 1e20, 1e-5))
