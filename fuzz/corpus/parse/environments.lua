-- Golden: setfenv/getfenv and loadstring environments (sandboxes).
local f = loadstring("x = (x or 0) + 1; return x, y")
local env = {y = "why"}
setfenv(f, env)
print(f()); print(f()); print(env.x, rawget(_G, "x"))
local sandbox = setmetatable({}, {__index = _G})
local g = loadstring("print('inside', type(print)); newglobal = 42")
setfenv(g, sandbox)
g()
print(sandbox.newglobal, newglobal)
local function h() return who end
setfenv(h, {who = "h env"})
print(h(), getfenv(h).who, getfenv(1) == _G, getfenv(0) == _G)
local function setter() setfenv(2, {print = print, marker = "caller env"}) end
local function caller() setter(); print(marker) end
caller()
print(pcall(setfenv, print, {}))
local chunk = loadstring("return function() return level end")
setfenv(chunk, {level = "outer"})
print(chunk()())
print(_VERSION, _G._G == _G)
