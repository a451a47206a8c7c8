-- nbody.lua: a five-body gravity simulation (float arithmetic, field access). Size: steps.
local bench = dofile((arg[0]:match("^(.*)/") or ".") .. "/harness.lua")

local PI = 3.141592653589793
local MASS = 4 * PI * PI           -- solar masses in AU^3/year^2 units
local YEAR = 365.24

-- A sun and four outer planets, rounded: {x, y, z, vx, vy, vz (per day), mass (suns)}.
local PLANETS = {
  {4.841, -1.160, -0.1036, 0.001660, 0.007699, -0.0000690, 0.000955},
  {8.343, 4.125, -0.4035, -0.002767, 0.004999, 0.0000230, 0.000286},
  {12.89, -15.11, -0.2233, 0.002965, 0.002378, -0.0000297, 0.0000437},
  {15.38, -25.92, 0.1793, 0.002681, 0.001628, -0.0000952, 0.0000515},
}

local function system()
  local bodies = {{x = 0, y = 0, z = 0, vx = 0, vy = 0, vz = 0, mass = MASS}}
  for i, p in ipairs(PLANETS) do
    bodies[i + 1] = {x = p[1], y = p[2], z = p[3], vx = p[4] * YEAR, vy = p[5] * YEAR,
                     vz = p[6] * YEAR, mass = p[7] * MASS}
  end
  -- Give the sun the momentum that makes the system's total zero.
  local px, py, pz = 0, 0, 0
  for _, b in ipairs(bodies) do
    px, py, pz = px + b.vx * b.mass, py + b.vy * b.mass, pz + b.vz * b.mass
  end
  local sun = bodies[1]
  sun.vx, sun.vy, sun.vz = -px / MASS, -py / MASS, -pz / MASS
  return bodies
end

local function advance(bodies, nb, dt)
  for i = 1, nb do
    local a = bodies[i]
    local ax, ay, az, am = a.x, a.y, a.z, a.mass
    local avx, avy, avz = a.vx, a.vy, a.vz
    for j = i + 1, nb do
      local b = bodies[j]
      local dx, dy, dz = ax - b.x, ay - b.y, az - b.z
      local d2 = dx * dx + dy * dy + dz * dz
      local mag = dt / (d2 * math.sqrt(d2))
      local bm = b.mass * mag
      avx, avy, avz = avx - dx * bm, avy - dy * bm, avz - dz * bm
      bm = am * mag
      b.vx, b.vy, b.vz = b.vx + dx * bm, b.vy + dy * bm, b.vz + dz * bm
    end
    a.vx, a.vy, a.vz = avx, avy, avz
    a.x, a.y, a.z = ax + dt * avx, ay + dt * avy, az + dt * avz
  end
end

local function energy(bodies, nb)
  local e = 0
  for i = 1, nb do
    local a = bodies[i]
    e = e + 0.5 * a.mass * (a.vx * a.vx + a.vy * a.vy + a.vz * a.vz)
    for j = i + 1, nb do
      local b = bodies[j]
      local dx, dy, dz = a.x - b.x, a.y - b.y, a.z - b.z
      e = e - a.mass * b.mass / math.sqrt(dx * dx + dy * dy + dz * dz)
    end
  end
  return e
end

bench.run(function(n)
  local bodies = system()
  local nb = #bodies
  local e0 = energy(bodies, nb)
  for _ = 1, n do advance(bodies, nb, 0.01) end
  return string.format("%.9f %.9f", e0, energy(bodies, nb))
end)
