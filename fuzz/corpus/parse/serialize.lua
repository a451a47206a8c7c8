-- Golden: a deterministic serializer (sorted keys) over nested values.
local function ser(v, indent)
  indent = indent or ""
  local t = type(v)
  if t == "string" then return string.format("%q", v)
  elseif t ~= "table" then return tostring(v) end
  local keys = {}
  for k in pairs(v) do keys[#keys + 1] = k end
  table.sort(keys, function(a, b)
    if type(a) == type(b) then return a < b end
    return type(a) < type(b)
  end)
  local out = {"{"}
  for _, k in ipairs(keys) do
    out[#out + 1] = indent .. "  [" .. ser(k) .. "] = " .. ser(v[k], indent .. "  ") .. ","
  end
  out[#out + 1] = indent .. "}"
  return table.concat(out, "\n")
end
print(ser({1, 2.5, "three", {nested = true, list = {1, 2}}, name = "x\ty", [10] = -0.0, flag = false, big = 2^60}))
