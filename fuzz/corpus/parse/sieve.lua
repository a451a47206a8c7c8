-- Golden: sieve of Eratosthenes; prints primes and counts.
local function sieve(n)
  local comp, primes = {}, {}
  for i = 2, n do
    if not comp[i] then primes[#primes + 1] = i; for j = i * i, n, i do comp[j] = true end end
  end
  return primes
end
local p = sieve(2000)
print(#p, p[#p])
for i = 1, #p, 10 do io.write(p[i], " ") end
print()
for _, n in ipairs({10, 100, 1000, 10000, 100000}) do print(n, #sieve(n)) end
