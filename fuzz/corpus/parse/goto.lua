-- Golden: goto used as continue, nested break-out and state machines.
for i = 1, 10 do
  if i % 3 == 0 then goto continue end
  io.write(i, " ")
  ::continue::
end
print()
for i = 1, 5 do
  for j = 1, 5 do
    if i * j > 8 then print("break out at", i, j); goto out end
  end
end
::out::
local state, steps = "a", {}
::dispatch::
steps[#steps + 1] = state
if state == "a" then state = "b"; goto dispatch
elseif state == "b" then state = "c"; goto dispatch
end
print(table.concat(steps, "->"))
local n = 0
::again::
n = n + 1
if n < 100 then goto again end
print(n)
