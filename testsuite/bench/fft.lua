-- fft.lua: SciMark-style complex FFT, forward then inverse, on 1024 points. Size: cycles.
local bench = dofile((arg[0]:match("^(.*)/") or ".") .. "/harness.lua")

local N = 1024

-- In-place radix-2 transform of data[1..2N] (re, im interleaved); sign -1 forward, +1 inverse.
local function transform(data, n, sign)
  -- Bit-reversal permutation.
  local j = 1
  for i = 1, n do
    if i < j then
      local a, b = 2 * i - 1, 2 * j - 1
      data[a], data[b] = data[b], data[a]
      data[a + 1], data[b + 1] = data[b + 1], data[a + 1]
    end
    local m = n / 2
    while m >= 1 and j > m do j = j - m; m = m / 2 end
    j = j + m
  end
  -- Butterflies, with the twiddle factor advanced by a rotation per step.
  local len = 1
  while len < n do
    local theta = sign * math.pi / len
    local s, c = math.sin(theta), math.cos(theta)
    local wr, wi = 1.0, 0.0
    for k = 0, len - 1 do
      for i = k, n - 1, 2 * len do
        local p, q = 2 * i + 1, 2 * (i + len) + 1
        local tr = wr * data[q] - wi * data[q + 1]
        local ti = wr * data[q + 1] + wi * data[q]
        data[q], data[q + 1] = data[p] - tr, data[p + 1] - ti
        data[p], data[p + 1] = data[p] + tr, data[p + 1] + ti
      end
      wr, wi = wr * c - wi * s, wr * s + wi * c
    end
    len = len * 2
  end
end

bench.run(function(cycles)
  local rng = bench.rng(4242)
  local orig, data = {}, {}
  for i = 1, 2 * N do orig[i] = rng() / 2147483647; data[i] = orig[i] end
  local peak = 0
  for _ = 1, cycles do
    transform(data, N, -1)
    peak = peak + math.abs(data[3])
    transform(data, N, 1)
    for i = 1, 2 * N do data[i] = data[i] / N end
  end
  local err = 0
  for i = 1, 2 * N do local d = data[i] - orig[i]; err = err + d * d end
  return string.format("%.6f %s", peak, math.sqrt(err / N) < 1e-9 and "ok" or "inaccurate")
end)
