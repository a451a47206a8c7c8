//! Userdata: raw memory blocks with a metatable and an environment.

use crate::gc::{self, GcHeader};
use crate::meta::MM;
use crate::state::{Global, LResult, LuaState};
use crate::tab::{self, GcTab};
use crate::value::{tag, TValue};

/// A userdata object; `len` payload bytes follow the header.
#[repr(C)]
pub struct GcUdata {
    pub nextgc: *mut GcHeader,
    pub marked: u8,
    pub gct: u8,
    pub udtype: u8,
    pub _pad: u8,
    pub len: u32,
    pub env: *mut GcTab,
    pub gclist: *mut GcHeader,
    pub metatable: *mut GcTab,
}

pub const UDATA_HDR: usize = std::mem::size_of::<GcUdata>();

/// Userdata types.
pub const UDTYPE_USERDATA: u8 = 0;
pub const UDTYPE_IO_FILE: u8 = 1;

/// A new userdata of `len` zeroed bytes.
pub fn new(g: &mut Global, len: u32, env: *mut GcTab) -> *mut GcUdata {
    let u = gc::alloc(g, UDATA_HDR + len as usize, tag::UDATA, true) as *mut GcUdata;
    // SAFETY: u is fresh.
    unsafe {
        (*u).len = len;
        (*u).env = env;
    }
    u
}

pub fn free(g: &mut Global, u: *mut GcUdata) {
    // SAFETY: u is dead.
    let len = unsafe { (*u).len } as usize;
    gc::free_obj(g, u as *mut GcHeader, UDATA_HDR + len);
}

/// Run the `__gc` metamethod of `u`.
pub fn finalize(l: &mut LuaState, u: *mut GcUdata) -> LResult<()> {
    // SAFETY: u was kept alive for its finalizer.
    let mt = unsafe { (*u).metatable };
    if mt.is_null() {
        return Ok(());
    }
    let name = l.g().mmname[MM::Gc as usize];
    let f = tab::get_str(mt, name);
    if f.is_nil() {
        return Ok(());
    }
    l.call_value(f, &[TValue::gc(tag::UDATA, u as *const GcHeader)], 0)?;
    Ok(())
}
