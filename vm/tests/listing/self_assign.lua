local a = {}
a.x = a.x or 1
a = a.next
local b = a and a.y
