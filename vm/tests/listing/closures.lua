local function outer(x)
  local y = x * 2
  return function(z)
    return function() return x + y + z end
  end
end
return outer
