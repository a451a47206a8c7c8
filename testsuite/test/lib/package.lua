-- Package library: require, loaders, search paths, module. Modules live in data/.

do --- package-fields
  assert(type(package.path) == "string" and type(package.cpath) == "string")
  assert(package.config:sub(1, 4) == "/\n;\n")
  assert(type(package.loaded) == "table" and type(package.preload) == "table")
  assert(type(package.loaders) == "table" and #package.loaders >= 2)
  assert(package.loaded.string == string and package.loaded._G == _G)
end

do --- require-loaded-library
  assert(require("string") == string)
  assert(require("math") == math)
end

do --- require-preload
  local got
  package.preload["pre.mod"] = function(name) got = name; return {ok = true} end
  local m = require("pre.mod")
  assert(m.ok and got == "pre.mod")
  assert(package.loaded["pre.mod"] == m)
  assert(require("pre.mod") == m)
end

do --- require-lua-file-once
  package.path = "./data/?.lua"
  local m = require("pkg_simple")
  assert(m.answer == 42 and m.name == "pkg_simple")
  assert(require("pkg_simple") == m)
  assert(pkg_simple_loads == 1)
end

do --- require-no-return-gives-true
  package.path = "./data/?.lua"
  assert(require("pkg_noreturn") == true)
  assert(pkg_noreturn_ran)
end

do --- require-dotted-name
  package.path = "./data/?.lua"
  local m = require("pkgdir.sub.mod")
  assert(m.nested == "pkgdir.sub.mod")
end

do --- require-not-found-message
  package.path = "./data/?.lua;./data/?/init.lua"
  local ok, err = pcall(require, "no.such")
  assert(not ok)
  local want = "module 'no.such' not found:\n\tno field package.preload['no.such']\n\tno file './data/no/such.lua'\n\tno file './data/no/such/init.lua'"
  assert(err:sub(1, #want) == want)
end

do --- require-error-then-loop-error
  package.path = "./data/?.lua"
  local ok, err = pcall(require, "pkg_error")
  assert(not ok and err:sub(-16) == "pkg_error failed")
  ok, err = pcall(require, "pkg_error")
  assert(not ok and err == "loop or previous error loading module 'pkg_error'")
end

do --- require-loop-detected
  package.path = "./data/?.lua"
  local ok, err = pcall(require, "pkg_loop")
  assert(not ok)
  local want = "loop or previous error loading module 'pkg_loop'"
  assert(err:sub(-#want) == want)
end

do --- require-syntax-error
  package.path = "./data/?.lua"
  local ok, err = pcall(require, "pkg_syntax")
  assert(not ok)
  local want = "error loading module 'pkg_syntax' from file './data/pkg_syntax.lua':\n\t"
  assert(err:sub(1, #want) == want)
end

do --- require-bad-argument
  assert(not pcall(require))
  assert(not pcall(require, {}))
end

do --- require-custom-loader
  table.insert(package.loaders, 1, function(name)
    if name == "virtual" then return function() return "v" end end
    return "\n\tnot virtual"
  end)
  assert(require("virtual") == "v")
  table.remove(package.loaders, 1)
end

do --- package-searchpath
  local p = package.searchpath("pkg_simple", "./nothere/?.lua;./data/?.lua")
  assert(p == "./data/pkg_simple.lua")
  local none, msg = package.searchpath("a.b", "./x/?.lua;./y/?.z")
  assert(none == nil and msg == "\n\tno file './x/a/b.lua'\n\tno file './y/a/b.z'")
end

do --- module-and-seeall
  package.path = "./data/?.lua"
  local m = require("pkg_module")
  assert(m == pkg_module and package.loaded.pkg_module == m)
  assert(m._NAME == "pkg_module" and m._M == m and m._PACKAGE == "")
  assert(m.hello() == "hello from pkg_module")
  assert(m.kind == "function")
end

do --- module-dotted-name
  local function def() module("a.b.c") end
  def()
  assert(type(a.b.c) == "table" and a.b.c._PACKAGE == "a.b.")
  assert(package.loaded["a.b.c"] == a.b.c)
  assert(getfenv(def) == a.b.c)
end

do --- loadlib-fails-with-a-reason
  local f, msg, where = package.loadlib("no-such-lib.so", "luaopen_x")
  assert(f == nil and type(msg) == "string" and (where == "open" or where == "absent"))
  assert(not pcall(package.loadlib))
end
