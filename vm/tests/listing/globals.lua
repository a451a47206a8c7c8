x = 1
y = x
x, y = y, x
z = nil
print(x, y, z)
