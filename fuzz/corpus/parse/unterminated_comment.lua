print("x")
--[[ this comment
never
ends
