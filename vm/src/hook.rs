//! Debug hooks (`debug.sethook`): call, return, line and count events, delivered to a
//! Lua hook function. As in LuaJIT the hook is global to the VM, not per coroutine,
//! and no hook runs while one is running.
//!
//! The interpreter pays nothing while no hook is set: the reference interpreter runs
//! a second, hook-checking instance of its dispatch loop only while `mask` is non-zero.

use crate::bc::Ins;
use crate::func::GcFunc;
use crate::state::{LResult, LuaState};
use crate::value::TValue;

pub const MASK_CALL: u8 = 1;
pub const MASK_RET: u8 = 2;
pub const MASK_LINE: u8 = 4;
pub const MASK_COUNT: u8 = 8;

/// Registry key of the hook function (keeping it there keeps it alive).
const HOOK_KEY: &str = "_HOOKF";

/// The VM's hook settings and progress.
#[derive(Debug)]
pub struct HookState {
    pub mask: u8,
    /// Instructions between count events, and how many are left until the next.
    pub count: u32,
    pub left: u32,
    /// A hook function is running: no events until it returns.
    pub running: bool,
    /// Last instruction checked for a line event (null: a function was just entered).
    pub oldpc: *const Ins,
}

impl Default for HookState {
    fn default() -> Self {
        HookState {
            mask: 0,
            count: 0,
            left: 0,
            running: false,
            oldpc: std::ptr::null(),
        }
    }
}

impl LuaState {
    /// Install `f` with `mask` (and `count` instructions between count events), or
    /// remove the hook when `mask` is zero.
    pub fn set_hook(&mut self, f: TValue, mut mask: u8, count: u32) {
        if count > 0 {
            mask |= MASK_COUNT;
        } else {
            mask &= !MASK_COUNT;
        }
        if f.is_nil() {
            mask = 0;
        }
        let reg: *mut crate::tab::GcTab = self.g().registry.ptr();
        self.set_field(reg, HOOK_KEY, if mask == 0 { TValue::NIL } else { f });
        // The generated interpreter hands over to the hook-checking one while a hook is set.
        self.g().disp.set_hooks(mask != 0);
        let h = &mut self.g().hook;
        h.mask = mask;
        h.count = count;
        h.left = count;
        h.oldpc = std::ptr::null();
    }

    /// The hook function (nil if none).
    pub fn hook_fn(&mut self) -> TValue {
        let reg: *mut crate::tab::GcTab = self.g().registry.ptr();
        self.get_field(reg, HOOK_KEY)
    }

    /// Call the hook with `event` (and the line for line events), unless one is running.
    /// The caller has synced `base`/`savedpc` and put `top` above everything live.
    pub fn call_hook(&mut self, event: &[u8], line: Option<u32>) -> LResult<()> {
        if self.g().hook.running {
            return Ok(());
        }
        let f = self.hook_fn();
        if !f.is_func() {
            return Ok(());
        }
        let e = self.new_str(event);
        let l = line.map_or(TValue::NIL, |n| TValue::num(n as f64));
        self.g().hook.running = true;
        let r = self.call_value(f, &[e, l], 0);
        self.g().hook.running = false;
        r.map(|_| ())
    }

    /// Count and line events before the instruction at `pc` of the Lua frame at `L.base`.
    pub fn hook_ins(&mut self, pc: *const Ins) -> LResult<()> {
        let h = &mut self.g().hook;
        if h.running {
            return Ok(());
        }
        if h.mask & MASK_COUNT != 0 {
            h.left = h.left.saturating_sub(1);
            if h.left == 0 {
                h.left = h.count;
                self.call_hook(b"count", None)?;
            }
        }
        if self.g().hook.mask & MASK_LINE == 0 {
            return Ok(());
        }
        // SAFETY: base[-2] is the running Lua closure and pc points into its bytecode.
        let line = unsafe {
            let f: *mut GcFunc = (*self.base.sub(2)).ptr();
            let p = &*(*f).proto();
            if !p.has_lines() {
                return Ok(());
            }
            let at = |q: *const Ins| q.offset_from(p.bc);
            let npc = at(pc) as usize;
            let old = self.g().hook.oldpc;
            let line = p.line_at(npc);
            let inside = !old.is_null() && at(old) >= 0 && (at(old) as u32) < p.sizebc;
            // A new line, a jump back (a loop, even to the same line), or a new function.
            let fire = !inside || pc <= old || p.line_at(at(old) as usize) != line;
            self.g().hook.oldpc = pc;
            fire.then_some(line)
        };
        match line {
            Some(line) => self.call_hook(b"line", Some(line)),
            None => Ok(()),
        }
    }
}
