//! The debug library.

use crate::state::LuaState;

pub fn open(_l: &mut LuaState) {}
