local x
x y