goto a
::a::
do goto b end
::b::
local x = 1
while x do
  x = nil
  goto continue
  ::continue::
end
repeat
  local y = 1
  goto skip
  ::skip::
until y
