local f = g
(f)(1)