local a = [[
line one
line two]]
local b = [==[with ]] inside]==]
--[[ a long
comment ]]
local c = "esc\t\n\\\"\065\x41\z
           end"
local d = 'a very long string constant that is longer than forty characters'
return a .. b .. c .. d
