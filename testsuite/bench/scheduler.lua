-- scheduler.lua: an object-oriented task scheduler in the spirit of Richards
-- (workers, handlers and devices passing packets; method calls on a class
-- hierarchy, linked queues). Size: work packets to process.
local bench = dofile((arg[0]:match("^(.*)/") or ".") .. "/harness.lua")

local WORK, DEVICE = 1, 2

-- Base class: a task with a priority and a linked queue of packets.
local Task = {}
Task.__index = Task

function Task.extend()
  local class = setmetatable({}, Task)
  class.__index = class
  return class
end

function Task.new(class, name, prio)
  return setmetatable({name = name, prio = prio, held = false, runs = 0}, class)
end

function Task:push(p)
  p.link = nil
  if self.tail then self.tail.link = p else self.head = p end
  self.tail = p
end

function Task:pop()
  local p = self.head
  if p then
    self.head = p.link
    if not self.head then self.tail = nil end
  end
  return p
end

function Task:runnable() return not self.held and self.head ~= nil end

-- Idle: runs when nothing else can, and releases a held device.
local Idle = Task.extend()
function Idle:runnable() return true end
function Idle:run(s)
  self.seed = (self.seed * 75 + 74) % 65537
  s:release(self.seed % 2 == 0 and s.devices[1] or s.devices[2])
end

-- Worker: fills work packets with data and sends them to the handlers in turn.
local Worker = Task.extend()
function Worker:run(s)
  local p = self:pop()
  self.done = self.done + 1
  if self.done > s.limit then s.finished = true; return end
  for i = 1, 4 do
    self.counter = self.counter % 26 + 1
    p.data[i] = 64 + self.counter
  end
  self.turn = 3 - self.turn
  s:send(p, s.handlers[self.turn])
end

-- Handler: moves each datum of a work packet to its device, one device round trip each.
local Handler = Task.extend()
function Handler:start(s)
  local cur = table.remove(self.pending, 1)
  self.cur = cur
  if cur then
    self.index = 1
    self.devpkt.datum = cur.data[1]
    s:send(self.devpkt, self.device)
  end
end
function Handler:run(s)
  local p = self:pop()
  if p.kind == WORK then
    self.pending[#self.pending + 1] = p
    if not self.cur then self:start(s) end
  else
    self.index = self.index + 1
    if self.index <= 4 then
      p.datum = self.cur.data[self.index]
      s:send(p, self.device)
    else
      s:send(self.cur, s.worker)
      self:start(s)
    end
  end
end

-- Device: consumes a datum, returns the packet, then waits to be released.
local Device = Task.extend()
function Device:run(s)
  local p = self:pop()
  self.sum = (self.sum + p.datum * self.runs) % 1000003
  self.held = true
  s:send(p, p.owner)
end

local Scheduler = {}
Scheduler.__index = Scheduler

function Scheduler:send(p, task)
  self.sends = self.sends + 1
  task:push(p)
end

function Scheduler:release(task) task.held = false end

function Scheduler:loop()
  local tasks = self.tasks
  while not self.finished do
    for i = 1, #tasks do
      local t = tasks[i]
      if t:runnable() then
        t.runs = t.runs + 1
        t:run(self)
        break
      end
    end
  end
end

local function packet(kind, owner)
  return {kind = kind, owner = owner, datum = 0, data = {0, 0, 0, 0}}
end

bench.run(function(limit)
  local s = setmetatable({sends = 0, limit = limit, finished = false}, Scheduler)
  local idle = Idle:new("idle", 0)
  idle.seed = 1
  local worker = Worker:new("worker", 1000)
  worker.done, worker.counter, worker.turn = 0, 0, 1
  s.worker = worker
  s.devices, s.handlers = {}, {}
  for i = 1, 2 do
    local d = Device:new("device" .. i, 4000 + i)
    d.sum = 0
    local h = Handler:new("handler" .. i, 2000 + i)
    h.device, h.pending = d, {}
    h.devpkt = packet(DEVICE, h)
    s.devices[i], s.handlers[i] = d, h
  end
  s.tasks = {s.devices[2], s.devices[1], s.handlers[2], s.handlers[1], worker, idle}
  for _ = 1, 3 do worker:push(packet(WORK, worker)) end
  s:loop()
  local out = {s.sends}
  for _, t in ipairs(s.tasks) do out[#out + 1] = t.name .. "=" .. t.runs end
  out[#out + 1] = s.devices[1].sum + s.devices[2].sum
  return table.concat(out, " ")
end)
