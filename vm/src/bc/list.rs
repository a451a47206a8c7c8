//! Bytecode listings in the shape of `luajit -bl` (written with the front end).
