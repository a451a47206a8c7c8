-- A module(...)-style module for test/lib/package.lua.
module(..., package.seeall)
function hello() return "hello from " .. _NAME end
kind = type(print)
