-- Golden: deep tail calls and deep (non-tail) recursion.
local function count(n, acc) if n == 0 then return acc end return count(n - 1, acc + 1) end
print(count(1000000, 0))
local even, odd
function even(n) if n == 0 then return "even" end return odd(n - 1) end
function odd(n) if n == 0 then return "odd" end return even(n - 1) end
print(even(1000001), odd(1000001))
local function sum(n) if n == 0 then return 0 end return n + sum(n - 1) end
print(sum(10000))
local function ack(m, n)
  if m == 0 then return n + 1 end
  if n == 0 then return ack(m - 1, 1) end
  return ack(m - 1, ack(m, n - 1))
end
for m = 0, 3 do for n = 0, 3 do io.write(ack(m, n), " ") end end
print()
local function hanoi(n, a, b, c, moves)
  if n == 0 then return moves end
  moves = hanoi(n - 1, a, c, b, moves)
  moves = moves + 1
  return hanoi(n - 1, c, b, a, moves)
end
print(hanoi(16, "A", "B", "C", 0))
