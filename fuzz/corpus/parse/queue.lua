-- Golden: a deque and a binary heap exercising table growth and removal.
local Deque = {}
Deque.__index = Deque
function Deque.new() return setmetatable({first = 0, last = -1}, Deque) end
function Deque:push(v) self.last = self.last + 1; self[self.last] = v end
function Deque:unshift(v) self.first = self.first - 1; self[self.first] = v end
function Deque:shift() local v = self[self.first]; self[self.first] = nil; self.first = self.first + 1; return v end
function Deque:pop() local v = self[self.last]; self[self.last] = nil; self.last = self.last - 1; return v end
local d = Deque.new()
for i = 1, 5 do d:push(i); d:unshift(-i) end
print(d:shift(), d:pop(), d:shift(), d:pop(), d.last - d.first + 1)
local heap = {}
local function hpush(v)
  heap[#heap + 1] = v
  local i = #heap
  while i > 1 and heap[math.floor(i / 2)] > heap[i] do
    local p = math.floor(i / 2); heap[p], heap[i] = heap[i], heap[p]; i = p
  end
end
local function hpop()
  local top = heap[1]
  heap[1] = heap[#heap]; heap[#heap] = nil
  local i = 1
  while true do
    local l, r, m = 2 * i, 2 * i + 1, i
    if heap[l] and heap[l] < heap[m] then m = l end
    if heap[r] and heap[r] < heap[m] then m = r end
    if m == i then break end
    heap[m], heap[i] = heap[i], heap[m]; i = m
  end
  return top
end
for i = 1, 30 do hpush((i * 37) % 31) end
local out = {}
while #heap > 0 do out[#out + 1] = hpop() end
print(table.concat(out, " "))
