#!/usr/bin/env luajit
return "shebang ok"
