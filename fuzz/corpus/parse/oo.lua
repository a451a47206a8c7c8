-- Golden: a small OO application (bank accounts with inheritance).
local Account = {}
Account.__index = Account
function Account.new(owner, balance)
  return setmetatable({owner = owner, balance = balance or 0, log = {}}, Account)
end
function Account:deposit(v)
  if v <= 0 then error("deposit must be positive", 2) end
  self.balance = self.balance + v
  self.log[#self.log + 1] = "+" .. v
end
function Account:withdraw(v)
  if v > self.balance then error({code = "INSUFFICIENT", need = v - self.balance}) end
  self.balance = self.balance - v
  self.log[#self.log + 1] = "-" .. v
end
function Account:__tostring() return self.owner .. ": " .. self.balance end
Account.__tostring = Account.__tostring
local Savings = setmetatable({}, {__index = Account})
Savings.__index = Savings
Savings.__tostring = Account.__tostring
function Savings.new(owner, balance, rate)
  local s = Account.new(owner, balance)
  s.rate = rate
  return setmetatable(s, Savings)
end
function Savings:accrue() self:deposit(self.balance * self.rate) end
local accts = {Account.new("ann", 100), Savings.new("bob", 1000, 0.05), Account.new("cy")}
accts[1]:deposit(50); accts[2]:accrue(); accts[3]:deposit(7)
for _, a in ipairs(accts) do print(tostring(a), table.concat(a.log, " ")) end
local ok, e = pcall(accts[1].withdraw, accts[1], 1000)
print(ok, type(e), e.code, e.need)
ok, e = pcall(accts[3].deposit, accts[3], -5)
print(ok, e)
print(getmetatable(accts[2]) == Savings, accts[2].deposit == Account.deposit)
table.sort(accts, function(a, b) return a.balance > b.balance end)
for i, a in ipairs(accts) do print(i, a.owner, a.balance) end
