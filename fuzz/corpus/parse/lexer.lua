-- Golden: string escapes and long strings as the lexer reads them.
local strs = {"\a\b\f\n\r\t\v\\\"\'", "\65\066\0067", "\x41\x7a\xff", "a\z
      b", "\u{48}\u{e9}\u{20ac}\u{10348}", [[long
string]], [==[with ]] inside]==], "\0mid\0"}
for i, s in ipairs(strs) do
  local bytes = {}
  for j = 1, #s do bytes[j] = s:byte(j) end
  print(i, #s, table.concat(bytes, " "))
end
print(0x10, 0xff, 0XA, 1e2, 1E-2, .5, 5., 3e0, 0x7fffffff, 0x100000000)
print(("%q"):format("tab\there"), [[\n stays]], #[[
]])
--[[ a long
comment ]] print("after long comment")
--[==[ another ]] ]==] print("after level-2 comment")
