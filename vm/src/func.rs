//! Functions: prototypes, Lua and native closures, and upvalues (open while their
//! frame lives, closed into the upvalue object afterwards).

use crate::bc::{self, Ins, Op};
use crate::gc::{self, GcHeader};
use crate::proto::{KGc, KTable, KValue, ProtoData, VarInfo, UV_LOCAL};
use crate::state::{Global, LResult, LuaState};
use crate::str::{self, GcStr};
use crate::tab::{self, GcTab};
use crate::value::{tag, TValue};

/// A native (Rust) function: arguments are `L.base..L.top`; it pushes its results and
/// returns how many there are.
pub type NativeFn = fn(&mut LuaState) -> LResult<usize>;

/// Rust-side data of a prototype that machine code never reads.
pub struct ProtoInfo {
    pub bc: Box<[Ins]>,
    pub k: Box<[TValue]>,
    pub uv: Box<[u16]>,
    pub lineinfo: Box<[u32]>,
    pub uvnames: Vec<Vec<u8>>,
    pub varinfo: Vec<VarInfo>,
}

/// A function prototype.
#[repr(C)]
pub struct GcProto {
    pub nextgc: *mut GcHeader,
    pub marked: u8,
    pub gct: u8,
    pub numparams: u8,
    pub framesize: u8,
    pub sizebc: u32,
    /// Instructions; `bc[0]` is the FUNCF/FUNCV header.
    pub bc: *mut Ins,
    /// Number constants at `k[0..sizekn]`, GC constants at `k[-1-i]`.
    pub k: *mut TValue,
    pub sizekgc: u32,
    pub sizekn: u32,
    pub sizeuv: u8,
    pub flags: u8,
    pub _pad: u16,
    pub firstline: u32,
    pub uv: *const u16,
    pub chunkname: *mut GcStr,
    pub numline: u32,
    pub _pad2: u32,
    pub lineinfo: *const u32,
    pub info: std::mem::ManuallyDrop<Box<ProtoInfo>>,
}

/// A closure: Lua (proto + upvalue pointers) or native (fn + upvalue values).
#[repr(C)]
pub struct GcFunc {
    pub nextgc: *mut GcHeader,
    pub marked: u8,
    pub gct: u8,
    /// 0 for Lua functions, 1 for plain native functions, >1 for builtins the
    /// interpreter recognises (`ff` ids).
    pub ffid: u8,
    pub nupvalues: u8,
    /// Lua: copies of the prototype's fields a call or return needs (with `k`), so
    /// the interpreter reads them from the closure it already holds rather than
    /// through one more dependent load. Native: 0.
    pub numparams: u8,
    pub framesize: u8,
    pub _pad: u16,
    pub env: *mut GcTab,
    pub gclist: *mut GcHeader,
    /// Lua: the prototype's first instruction. Native: a FUNCC header.
    pub pc: *const Ins,
    /// Lua: `*mut GcProto`; native: the `NativeFn`.
    pub data: usize,
    /// Lua: the prototype's constants (`GcProto::k`). Native: null.
    pub k: *mut TValue,
}

/// Size of the closure header; upvalues follow.
pub const FUNC_HDR: usize = std::mem::size_of::<GcFunc>();

pub const FF_LUA: u8 = 0;
pub const FF_C: u8 = 1;

/// Static header instruction every native closure's `pc` points to.
static FUNCC_INS: [Ins; 1] = [bc::ins_ad(Op::FUNCC, 0, 0)];

impl GcFunc {
    #[inline(always)]
    pub fn is_lua(&self) -> bool {
        self.ffid == FF_LUA
    }
    #[inline(always)]
    pub fn proto(&self) -> *mut GcProto {
        self.data as *mut GcProto
    }
    #[inline(always)]
    pub fn native(&self) -> NativeFn {
        // SAFETY: native closures store a NativeFn in `data` (see new_native).
        unsafe { std::mem::transmute::<usize, NativeFn>(self.data) }
    }
    #[inline(always)]
    pub fn uvptr(&self) -> *mut *mut GcUpval {
        // SAFETY: Lua closures have `nupvalues` pointers after the header.
        unsafe { (self as *const GcFunc as *mut u8).add(FUNC_HDR) as *mut *mut GcUpval }
    }
    #[inline(always)]
    pub fn cupvalue(&self) -> *mut TValue {
        // SAFETY: native closures have `nupvalues` values after the header.
        unsafe { (self as *const GcFunc as *mut u8).add(FUNC_HDR) as *mut TValue }
    }
}

/// An upvalue: `v` points at the stack slot while open, at `tv` once closed.
#[repr(C)]
pub struct GcUpval {
    pub nextgc: *mut GcHeader,
    pub marked: u8,
    pub gct: u8,
    pub closed: u8,
    pub immutable: u8,
    pub _pad: u32,
    pub tv: TValue,
    pub v: *mut TValue,
    /// Next open upvalue of the same thread (lower stack slot).
    pub next_open: *mut GcUpval,
}

/// Load a compiled prototype tree into GC objects.
pub fn load_proto(g: &mut Global, pd: &ProtoData) -> *mut GcProto {
    let chunkname = str::intern(g, &pd.chunkname);
    load_one(g, pd, chunkname)
}

fn kvalue(g: &mut Global, k: &KValue) -> TValue {
    match k {
        KValue::Nil => TValue::NIL,
        KValue::False => TValue::FALSE,
        KValue::True => TValue::TRUE,
        KValue::Num(n) => TValue::num(*n),
        KValue::Str(s) => str::new_str(g, s),
    }
}

fn load_one(g: &mut Global, pd: &ProtoData, chunkname: *mut GcStr) -> *mut GcProto {
    let nkgc = pd.kgc.len();
    let mut k = vec![TValue::NIL; nkgc + pd.knum.len()].into_boxed_slice();
    for (i, c) in pd.kgc.iter().enumerate() {
        let v = match c {
            KGc::Str(s) => str::new_str(g, s),
            KGc::Proto(child) => {
                TValue::gc(tag::PROTO, load_one(g, child, chunkname) as *const GcHeader)
            }
            KGc::Table(kt) => {
                let hbits = tab::hbits_for(kt.hash.len() as u32);
                let t = tab::new(g, kt.array.len() as u32, hbits);
                for (j, v) in kt.array.iter().enumerate() {
                    let v = kvalue(g, v);
                    tab::set_int(g, t, j as i64, v);
                }
                for (kk, vv) in &kt.hash {
                    let kk = kvalue(g, kk);
                    let vv = kvalue(g, vv);
                    if let Ok(slot) = tab::set(g, t, kk) {
                        // SAFETY: slot just returned by set.
                        unsafe { *slot = vv };
                    }
                }
                TValue::gc(tag::TAB, t as *const GcHeader)
            }
        };
        k[nkgc - 1 - i] = v;
    }
    for (i, n) in pd.knum.iter().enumerate() {
        k[nkgc + i] = TValue::num(*n);
    }
    let mut info = Box::new(ProtoInfo {
        bc: pd.bc.clone().into_boxed_slice(),
        k,
        uv: pd.uv.clone().into_boxed_slice(),
        lineinfo: pd.lineinfo.clone().into_boxed_slice(),
        uvnames: pd.uvnames.clone(),
        varinfo: pd.varinfo.clone(),
    });
    let p = gc::alloc(g, std::mem::size_of::<GcProto>(), tag::PROTO, true) as *mut GcProto;
    // SAFETY: p is a fresh zeroed proto; the boxed slices it points into are owned by `info`,
    // which lives (and never reallocates) until free_proto.
    unsafe {
        (*p).numparams = pd.numparams;
        (*p).framesize = pd.framesize;
        (*p).sizebc = pd.bc.len() as u32;
        (*p).bc = info.bc.as_mut_ptr();
        (*p).k = info.k.as_mut_ptr().add(nkgc);
        (*p).sizekgc = nkgc as u32;
        (*p).sizekn = pd.knum.len() as u32;
        (*p).sizeuv = pd.uv.len() as u8;
        (*p).flags = pd.flags;
        (*p).firstline = pd.firstline;
        (*p).numline = pd.numline;
        (*p).uv = info.uv.as_ptr();
        (*p).lineinfo = info.lineinfo.as_ptr();
        (*p).chunkname = chunkname;
        std::ptr::write(&mut (*p).info, std::mem::ManuallyDrop::new(info));
    }
    p
}

impl GcProto {
    /// GC constant `d` (the bytecode's D operand).
    #[inline(always)]
    pub fn kgc(&self, d: u32) -> TValue {
        // SAFETY: the compiler emits only in-range constant indices.
        unsafe { *self.k.sub(d as usize + 1) }
    }
    #[inline(always)]
    pub fn knum(&self, d: u32) -> TValue {
        // SAFETY: as above.
        unsafe { *self.k.add(d as usize) }
    }
    pub fn bcs(&self) -> &[Ins] {
        &self.info.bc
    }
    /// Source line of instruction `pc` (an index into `bc`).
    pub fn line_at(&self, pc: usize) -> u32 {
        self.info
            .lineinfo
            .get(pc)
            .copied()
            .unwrap_or(self.firstline)
    }
    /// Does the prototype carry line information (stripped dumps do not)?
    pub fn has_lines(&self) -> bool {
        !self.info.lineinfo.is_empty()
    }
    /// A main chunk, as `debug.getinfo` calls it (stripped functions never are).
    pub fn is_main(&self) -> bool {
        self.firstline == 0 && self.numline > 0
    }
    pub fn chunkname(&self) -> &[u8] {
        // SAFETY: chunkname is a live string (marked through the proto).
        unsafe { (*self.chunkname).as_bytes() }
    }
    pub fn is_vararg(&self) -> bool {
        self.flags & crate::proto::PROTO_VARARG != 0
    }
}

/// A prototype tree back as plain data (for `string.dump`): the inverse of `load_proto`.
pub fn proto_data(p: &GcProto) -> ProtoData {
    let kgc = (0..p.sizekgc)
        .map(|d| {
            let v = p.kgc(d);
            if v.is_str() {
                // SAFETY: a live string constant.
                KGc::Str(unsafe { (*v.ptr::<GcStr>()).as_bytes().to_vec() })
            } else if v.is(tag::PROTO) {
                // SAFETY: a live child prototype.
                KGc::Proto(Box::new(proto_data(unsafe { &*v.ptr::<GcProto>() })))
            } else {
                KGc::Table(template_data(v.ptr()))
            }
        })
        .collect();
    ProtoData {
        chunkname: p.chunkname().to_vec(),
        firstline: p.firstline,
        numline: p.numline,
        numparams: p.numparams,
        framesize: p.framesize,
        flags: p.flags,
        bc: p.info.bc.to_vec(),
        lineinfo: p.info.lineinfo.to_vec(),
        kgc,
        knum: (0..p.sizekn).map(|i| p.knum(i).as_num()).collect(),
        uv: p.info.uv.to_vec(),
        uvnames: p.info.uvnames.clone(),
        varinfo: p.info.varinfo.clone(),
    }
}

/// The contents of a `TDUP` template table: its array part, then its hash part in
/// node order (templates hold only primitives, numbers and strings).
fn template_data(t: *const GcTab) -> KTable {
    let kv = |v: TValue| {
        if v.is_num() {
            KValue::Num(v.as_num())
        } else if v.is_str() {
            // SAFETY: a live string in the template.
            KValue::Str(unsafe { (*v.ptr::<GcStr>()).as_bytes().to_vec() })
        } else if v == TValue::TRUE {
            KValue::True
        } else if v == TValue::FALSE {
            KValue::False
        } else {
            KValue::Nil
        }
    };
    let mut kt = KTable::default();
    // SAFETY: t is a live template table; its parts are in bounds.
    unsafe {
        for i in 0..(*t).asize as usize {
            kt.array.push(kv(*(*t).array.add(i)));
        }
        if !tab::is_nilnode((*t).node) {
            for i in 0..=(*t).hmask as usize {
                let n = (*t).node.add(i);
                if !(*n).val.is_nil() {
                    kt.hash.push((kv((*n).key), kv((*n).val)));
                }
            }
        }
    }
    kt
}

/// Free a dead prototype.
pub fn free_proto(g: &mut Global, p: *mut GcProto) {
    // SAFETY: p is dead; its info box was written by load_one.
    unsafe {
        std::mem::ManuallyDrop::drop(&mut (*p).info);
    }
    gc::free_obj(g, p as *mut GcHeader, std::mem::size_of::<GcProto>());
}

/// A new Lua closure without upvalues filled in.
pub fn new_lua(g: &mut Global, p: *mut GcProto, env: *mut GcTab) -> *mut GcFunc {
    // SAFETY: p is a live proto.
    let nuv = unsafe { (*p).sizeuv } as usize;
    let f = gc::alloc(g, FUNC_HDR + nuv * 8, tag::FUNC, true) as *mut GcFunc;
    // SAFETY: f is fresh and large enough.
    unsafe {
        (*f).ffid = FF_LUA;
        (*f).nupvalues = nuv as u8;
        (*f).env = env;
        (*f).pc = (*p).bc;
        (*f).data = p as usize;
        (*f).numparams = (*p).numparams;
        (*f).framesize = (*p).framesize;
        (*f).k = (*p).k;
    }
    f
}

/// A closure for a loaded main chunk: upvalues it has (a dumped inner function's) start
/// out closed and nil, as nothing encloses it.
pub fn new_main(g: &mut Global, p: *mut GcProto, env: *mut GcTab) -> *mut GcFunc {
    let f = new_lua(g, p, env);
    // SAFETY: f is fresh with sizeuv upvalue slots.
    unsafe {
        for i in 0..(*p).sizeuv as usize {
            let uv = gc::alloc(g, std::mem::size_of::<GcUpval>(), tag::UPVAL, true) as *mut GcUpval;
            (*uv).closed = 1;
            (*uv).tv = TValue::NIL;
            (*uv).v = &mut (*uv).tv;
            *(*f).uvptr().add(i) = uv;
        }
    }
    f
}

/// A new native closure with `nuv` nil upvalues.
pub fn new_native(
    g: &mut Global,
    fun: NativeFn,
    ffid: u8,
    nuv: usize,
    env: *mut GcTab,
) -> *mut GcFunc {
    let f = gc::alloc(g, FUNC_HDR + nuv * 8, tag::FUNC, true) as *mut GcFunc;
    // SAFETY: f is fresh and large enough.
    unsafe {
        (*f).ffid = ffid;
        (*f).nupvalues = nuv as u8;
        (*f).env = env;
        (*f).pc = FUNCC_INS.as_ptr();
        (*f).data = fun as usize;
        for i in 0..nuv {
            *(*f).cupvalue().add(i) = TValue::NIL;
        }
    }
    f
}

/// Free a dead closure.
pub fn free_func(g: &mut Global, f: *mut GcFunc) {
    // SAFETY: f is dead.
    let n = unsafe { (*f).nupvalues } as usize;
    gc::free_obj(g, f as *mut GcHeader, FUNC_HDR + n * 8);
}

/// Free a dead upvalue. Open upvalues are kept alive by their thread, so this one is closed.
pub fn free_upval(g: &mut Global, uv: *mut GcUpval) {
    gc::free_obj(g, uv as *mut GcHeader, std::mem::size_of::<GcUpval>());
}

impl LuaState {
    /// The open upvalue for stack slot `slot`, created if needed.
    pub fn find_upval(&mut self, slot: *mut TValue) -> *mut GcUpval {
        let mut pp: *mut *mut GcUpval = &mut self.openupval;
        // SAFETY: the open list links live upvalues of this thread, highest slot first.
        unsafe {
            while !(*pp).is_null() && (**pp).v >= slot {
                if (**pp).v == slot {
                    return *pp;
                }
                pp = &mut (**pp).next_open;
            }
            let uv = gc::alloc(self.g(), std::mem::size_of::<GcUpval>(), tag::UPVAL, true)
                as *mut GcUpval;
            (*uv).v = slot;
            (*uv).tv = TValue::NIL;
            (*uv).next_open = *pp;
            *pp = uv;
            uv
        }
    }

    /// Close every open upvalue at or above `level`.
    pub fn close_upvals(&mut self, level: *mut TValue) {
        // SAFETY: open upvalues point into this thread's live stack.
        unsafe {
            while !self.openupval.is_null() && (*self.openupval).v >= level {
                let uv = self.openupval;
                self.openupval = (*uv).next_open;
                (*uv).tv = *(*uv).v;
                (*uv).v = &mut (*uv).tv;
                (*uv).closed = 1;
                (*uv).next_open = std::ptr::null_mut();
                let v = (*uv).tv;
                gc::barrier_uv(self.g(), uv, v);
            }
        }
    }

    /// Create a closure for prototype `p` inside the Lua function `parent` running at `base`.
    pub fn new_closure(
        &mut self,
        p: *mut GcProto,
        parent: *mut GcFunc,
        base: *mut TValue,
    ) -> *mut GcFunc {
        // SAFETY: parent is the running closure; p its child prototype.
        unsafe {
            let env = (*parent).env;
            let f = new_lua(self.g(), p, env);
            for i in 0..(*p).sizeuv as usize {
                let d = *(*p).uv.add(i);
                let uv = if d & UV_LOCAL != 0 {
                    self.find_upval(base.add((d & 0xff) as usize))
                } else {
                    *(*parent).uvptr().add(d as usize)
                };
                *(*f).uvptr().add(i) = uv;
            }
            f
        }
    }
}
