//! Assembles the generated interpreter: entry and exit, the global subroutines, and one
//! handler per opcode (register conventions in `mod.rs`).

use super::{helpers, Code, Dispatch, HOTCOUNT_CALL, HOTCOUNT_LOOP, HOTCOUNT_SIZE};
use crate::bc::{Op, BCBIAS_J, NUM_OPS};
use crate::func::{GcFunc, GcUpval, FUNC_HDR};
use crate::gc::GcState;
use crate::state::{Global, LuaState, FRAME_C, FRAME_CP, FRAME_TYPE};
use crate::str::GcStr;
use crate::tab::{GcTab, Node};
use crate::value::{itype_of, tag, FALSY_LIMIT, NUM_LIMIT};
use dynasmrt::{dynasm, x64::Assembler, DynamicLabel, DynasmApi, DynasmLabelApi};
use std::mem::offset_of;

type Ops = Assembler;

// Field offsets the machine code uses (pinned by `layout` below and by the layout
// tests of each object's module).
pub(super) const L_BASE: i32 = offset_of!(LuaState, base) as i32;
pub(super) const L_TOP: i32 = offset_of!(LuaState, top) as i32;
pub(super) const L_STACK: i32 = offset_of!(LuaState, stack) as i32;
pub(super) const L_MAXSTACK: i32 = offset_of!(LuaState, maxstack) as i32;
pub(super) const L_SAVEDPC: i32 = offset_of!(LuaState, savedpc) as i32;
pub(super) const L_COSTATE: i32 = offset_of!(LuaState, costate) as i32;
pub(super) const L_NCCALLS: i32 = offset_of!(LuaState, nccalls) as i32;
pub(super) const L_NNY: i32 = offset_of!(LuaState, nny) as i32;
pub(super) const L_RESUMER: i32 = offset_of!(LuaState, resumer) as i32;
pub(super) const G_RUNNING: i32 = offset_of!(Global, running) as i32;
pub(super) const G_MAINTHREAD: i32 = offset_of!(Global, mainthread) as i32;
pub(super) const GC_MARKED: i32 = offset_of!(crate::gc::GcHeader, marked) as i32;
const L_OPENUPVAL: i32 = offset_of!(LuaState, openupval) as i32;
pub(super) const L_GLREF: i32 = offset_of!(LuaState, glref) as i32;
pub(super) const G_GCTOTAL: i32 = (offset_of!(Global, gc) + offset_of!(GcState, total)) as i32;
pub(super) const G_GCTHRESHOLD: i32 =
    (offset_of!(Global, gc) + offset_of!(GcState, threshold)) as i32;
const F_FFID: i32 = offset_of!(GcFunc, ffid) as i32;
const F_ENV: i32 = offset_of!(GcFunc, env) as i32;
const F_PC: i32 = offset_of!(GcFunc, pc) as i32;
pub(super) const F_UV: i32 = FUNC_HDR as i32;
const F_K: i32 = offset_of!(GcFunc, k) as i32;
const F_FRAMESIZE: i32 = offset_of!(GcFunc, framesize) as i32;
const F_NUMPARAMS: i32 = offset_of!(GcFunc, numparams) as i32;
const UV_V: i32 = offset_of!(GcUpval, v) as i32;
pub(super) const T_ASIZE: i32 = offset_of!(GcTab, asize) as i32;
pub(super) const T_ARRAY: i32 = offset_of!(GcTab, array) as i32;
pub(super) const T_META: i32 = offset_of!(GcTab, metatable) as i32;
const T_NODE: i32 = offset_of!(GcTab, node) as i32;
const T_HMASK: i32 = offset_of!(GcTab, hmask) as i32;
const T_NOMM: i32 = offset_of!(GcTab, nomm) as i32;
pub(super) const N_VAL: i32 = offset_of!(Node, val) as i32;
const N_KEY: i32 = offset_of!(Node, key) as i32;
const N_NEXT: i32 = offset_of!(Node, next) as i32;
const S_HASH: i32 = offset_of!(GcStr, hash) as i32;
pub(super) const S_LEN: i32 = offset_of!(GcStr, len) as i32;
const D_HOT: i32 = offset_of!(Dispatch, hotcount) as i32;
const D_HOTRESET: i32 = offset_of!(Dispatch, hotreset) as i32;
const D_FF: i32 = offset_of!(Dispatch, fftable) as i32;
pub(super) const D_TYPENAME: i32 = offset_of!(Dispatch, typename) as i32;
pub(super) const D_STRHASH: i32 = offset_of!(Dispatch, str_hash) as i32;
pub(super) const D_STRMETA: i32 = offset_of!(Dispatch, str_metatable) as i32;
const D_STRINDEX: i32 = offset_of!(Dispatch, str_index) as i32;
/// The string type's metatable, `Global::basemt[tag::STR]`.
const G_STRMT: i32 = (offset_of!(Global, basemt) + tag::STR as usize * 8) as i32;

/// High 32 bits of the lowest non-number word: a value is a number iff its high
/// dword is below this (unsigned).
pub(super) const NUM_HI: i32 = (NUM_LIMIT >> 32) as u32 as i32;
/// High 32 bits of the lowest falsy word.
pub(super) const FALSY_HI: i32 = (FALSY_LIMIT >> 32) as u32 as i32;
const IT_FUNC: i32 = itype_of(tag::FUNC) as i32;
pub(super) const IT_THREAD: i32 = itype_of(tag::THREAD) as i32;
pub(super) const IT_STR: i32 = itype_of(tag::STR) as i32;
pub(super) const IT_TAB: i32 = itype_of(tag::TAB) as i32;
const IT_UDATA: i32 = itype_of(tag::UDATA) as i32;
/// itype of the lowest non-number word.
pub(super) const IT_NUMX: i32 = (NUM_LIMIT >> 47) as i32;
/// Byte mask selecting a hot counter from PC bits.
const HOT_MASK: i32 = (HOTCOUNT_SIZE as i32 - 1) * 2;
/// A jump's target is `PC + (D - BIAS) * 4` with `PC` after the jump.
const JUMP_BIAS: i32 = -BCBIAS_J * 4;

/// Declare the global subroutines once: the `Labels` fields, their creation and their
/// names in symbol maps all come from the one list.
macro_rules! labels {
    ($($name:ident),* $(,)?) => {
        /// The global subroutines, as dynamic labels (resolved by index: named labels
        /// cost a hash lookup per reference, a noticeable part of start-up).
        pub(super) struct Labels {
            $(pub $name: DynamicLabel,)*
        }

        impl Labels {
            fn new(ops: &mut Ops) -> Labels {
                Labels { $($name: ops.new_dynamic_label(),)* }
            }

            /// The subroutines with their names (for symbol maps).
            fn named(&self) -> Vec<(&'static str, DynamicLabel)> {
                vec![$((stringify!($name), self.$name),)*]
            }
        }
    };
}

labels!(
    entry,
    call_entry,
    step,
    precall,
    leave,
    resume,
    call,
    newkey,
    retslow,
    hotloop,
    hotcall,
    ff_fallback,
    ff_res,
    ff_res1,
    ff_resn,
);

/// Is this opcode a function header (entered by calls, not by the instruction stream)?
pub fn is_header(op: usize) -> bool {
    op >= Op::FUNCF as usize
}

macro_rules! asm {
    ($ops:ident $($t:tt)*) => {
        dynasm!($ops ; .arch x64 $($t)*)
    };
}
pub(super) use asm;

/// Decode the instruction at `PC` and jump to its handler.
pub(super) fn ins_next(ops: &mut Ops) {
    asm!(ops
        ; mov eax, DWORD [rbx]
        ; movzx ecx, ah
        ; movzx edx, al
        ; add rbx, 4
        ; shr eax, 16
        ; jmp QWORD [r12 + rdx * 8]
    );
}

/// Take the jump whose D operand is in `eax` (`PC` is after the jump instruction).
fn jump_d(ops: &mut Ops) {
    asm!(ops ; lea rbx, [rbx + rax * 4 + JUMP_BIAS]);
}

/// A comparison's branch: take the `JMP` that follows (`PC` points to it).
fn take_branch(ops: &mut Ops) {
    asm!(ops
        ; movzx eax, WORD [rbx + 2]
        ; lea rbx, [rbx + rax * 4 + (JUMP_BIAS + 4)]
    );
    ins_next(ops);
}

/// Skip the `JMP` after a comparison.
fn skip_branch(ops: &mut Ops) {
    asm!(ops ; add rbx, 4);
    ins_next(ops);
}

/// Untag a GC value in `r` (clear the 17 tag bits).
pub(super) fn untag(ops: &mut Ops, r: u8) {
    asm!(ops
        ; shl Rq(r), 17
        ; shr Rq(r), 17
    );
}

/// `KBASE` from the closure in `BASE[-2]`.
pub(super) fn load_kbase(ops: &mut Ops) {
    asm!(ops
        ; mov rax, QWORD [r14 - 16]
    );
    untag(ops, 0);
    asm!(ops ; mov r15, QWORD [rax + F_K]);
}

/// What a handler must get back after its hot counter's subroutine returns.
#[derive(Clone, Copy)]
enum Live {
    /// An instruction's operands (`ecx` = A, `eax` = D), reloaded from the instruction.
    Operands,
    /// A function header's closure (`rdi`) and argument count (`edx`), saved around.
    Header,
}

/// Count down the hot counter of `PC` by `amount` (`r11` = the counter's offset). The
/// call at zero is out of line (`hotcount_stub`, emitted after the handler), so the
/// common path runs straight on.
fn hotcount(ops: &mut Ops, amount: u16) {
    asm!(ops
        ; mov r11d, ebx
        ; shr r11d, 1
        ; and r11d, HOT_MASK
        ; sub WORD [r12 + r11 + D_HOT], amount as i16
        ; jb >hotstub
        ; hotback:
    );
}

/// The out-of-line call of a `hotcount`: `target` may clobber what the C ABI lets it.
fn hotcount_stub(ops: &mut Ops, target: DynamicLabel, live: Live) {
    asm!(ops ; hotstub:);
    match live {
        Live::Operands => asm!(ops
            ; call =>target
            ; movzx ecx, BYTE [rbx - 3]
            ; movzx eax, WORD [rbx - 2]
        ),
        Live::Header => asm!(ops
            ; push rdi
            ; push rdx
            ; call =>target
            ; pop rdx
            ; pop rdi
        ),
    }
    asm!(ops ; jmp <hotback);
}

/// Call the helper at `f` (arguments in place) and continue as its status says.
pub(super) fn call_helper(ops: &mut Ops, lb: &Labels, f: *const ()) {
    asm!(ops
        ; mov rax, QWORD f as i64
        ; call rax
        ; test eax, eax
        ; jnz =>lb.leave
        ; jmp =>lb.resume
    );
}

/// Save the callee-saved registers (the stack stays 16-byte aligned for the helpers'
/// calls) and take `L` and `DISPATCH` from the first two arguments.
fn prologue(ops: &mut Ops) {
    asm!(ops
        ; push rbp
        ; push rbx
        ; push r12
        ; push r13
        ; push r14
        ; push r15
        ; sub rsp, 8
        ; mov r13, rdi
        ; mov r12, rsi
    );
}

/// Slots addressed from a register plus a displacement in bytes.
#[derive(Clone, Copy)]
pub(super) struct At(pub u8, pub i32);

/// Copy `Rd(n)` slots from `src` to `dst` in ascending order (so the destination may
/// overlap the source from below), counting in `Rd(i)`, which ends equal to the
/// count, through `Rq(tmp)`.
pub(super) fn copy_slots(ops: &mut Ops, dst: At, src: At, n: u8, i: u8, tmp: u8) {
    asm!(ops
        ; xor Rd(i), Rd(i)
        ; copy:
        ; cmp Rd(i), Rd(n)
        ; jae >copied
        ; mov Rq(tmp), QWORD [Rq(src.0) + Rq(i) * 8 + src.1]
        ; mov QWORD [Rq(dst.0) + Rq(i) * 8 + dst.1], Rq(tmp)
        ; inc Rd(i)
        ; jmp <copy
        ; copied:
    );
}

/// Store `Rd(n)` values from `src` as the results of the `CALL` before the return PC
/// `Rq(pc)`, from `dst` on: with `B` = 0 all of them, their end marked in the `top`
/// of thread `Rq(thread)`, else `B - 1`, filled with nil. Clobbers `rax`, `rcx` and
/// `r8`.
pub(super) fn store_results(ops: &mut Ops, dst: At, src: At, n: u8, pc: u8, thread: u8) {
    copy_slots(ops, dst, src, n, 0, 8);
    asm!(ops
        ; movzx ecx, BYTE [Rq(pc) - 1]
        ; test ecx, ecx
        ; jz >multres
        ; dec ecx
        ; fill:
        ; cmp eax, ecx
        ; jae >stored
        ; mov QWORD [Rq(dst.0) + rax * 8 + dst.1], -1
        ; inc eax
        ; jmp <fill
        ; multres:
        ; lea rax, [Rq(dst.0) + rax * 8 + dst.1]
        ; mov QWORD [Rq(thread) + L_TOP], rax
        ; stored:
    );
}

/// `rdi` = the untagged closure in the call slot `rsi[-2]`, or the slow path.
fn load_callee(ops: &mut Ops, lb: &Labels) {
    asm!(ops
        ; mov rdi, QWORD [rsi - 16]
        ; mov r8, rdi
        ; sar r8, 47
        ; cmp r8d, IT_FUNC - 0x20000
        ; jne =>lb.step
    );
    untag(ops, 7);
}

/// Enter the Lua function in `rdi` (frame linked, `BASE` set, `edx` = nargs) through
/// its header instruction's handler.
fn enter_header(ops: &mut Ops) {
    asm!(ops
        ; mov rbx, QWORD [rdi + F_PC]
        ; mov eax, DWORD [rbx]
        ; movzx eax, al
        ; add rbx, 4
        ; jmp QWORD [r12 + rax * 8]
    );
}

/// Jump to the generic slow path unless frame slot `BASE[Rq(idx)]` holds a number.
fn check_num(ops: &mut Ops, lb: &Labels, idx: u8) {
    asm!(ops
        ; cmp DWORD [r14 + Rq(idx) * 8 + 4], NUM_HI
        ; jae =>lb.step
    );
}

/// `Rq(dst)` = the untagged table in register `r` of the frame, or the slow path.
fn load_table(ops: &mut Ops, lb: &Labels, dst: u8, idx: u8) {
    asm!(ops
        ; mov Rq(dst), QWORD [r14 + Rq(idx) * 8]
        ; mov rsi, Rq(dst)
        ; sar rsi, 47
        ; cmp esi, IT_TAB - 0x20000
        ; jne =>lb.step
    );
    untag(ops, dst);
}

/// Probe the hash part of the table in `rdx` for the string key value in `r8`
/// (pointer untagged in `r9`): `rax` = the node, or the code jumps to `miss`.
fn probe_str(ops: &mut Ops) {
    probe_str_in(ops, 2, 8, 9);
}

/// Probe the hash part of the table in register `t` for the string key value in
/// register `key` (its untagged pointer in `ptr`): `rax` = the node, or the code jumps
/// to the next `miss` label.
pub(super) fn probe_str_in(ops: &mut Ops, t: u8, key: u8, ptr: u8) {
    asm!(ops
        ; mov eax, DWORD [Rq(ptr) + S_HASH]
        ; and eax, DWORD [Rq(t) + T_HMASK]
        ; lea rax, [rax + rax * 2]
        ; shl rax, 3
        ; add rax, QWORD [Rq(t) + T_NODE]
        ; probe:
        ; cmp QWORD [rax + N_KEY], Rq(key)
        ; je >found
        ; mov rax, QWORD [rax + N_NEXT]
        ; test rax, rax
        ; jnz <probe
        ; jmp >miss
        ; found:
    );
}

/// The string constant `KBASE[~D]` (D in `eax`) into `r8`, its pointer into `r9`.
fn load_kstr(ops: &mut Ops) {
    asm!(ops
        ; not rax
        ; mov r8, QWORD [r15 + rax * 8]
        ; mov r9, r8
    );
    untag(ops, 9);
}

/// Jump to `target` if the collector is due to run (scratch registers `s1`, `s2`).
pub(super) fn gc_due(ops: &mut Ops, target: DynamicLabel, s1: u8, s2: u8) {
    asm!(ops
        ; mov Rq(s1), QWORD [r13 + L_GLREF]
        ; mov Rq(s2), QWORD [Rq(s1) + G_GCTOTAL]
        ; cmp Rq(s2), QWORD [Rq(s1) + G_GCTHRESHOLD]
        ; jae =>target
    );
}

/// Go to the slow path if a `__newindex` may intercept a store into the table in
/// `rdx`: it has a metatable whose negative cache does not say `__newindex` is absent
/// (scratch register `sc`).
fn check_newindex(ops: &mut Ops, lb: &Labels, sc: u8) {
    asm!(ops
        ; mov Rq(sc), QWORD [rdx + T_META]
        ; test Rq(sc), Rq(sc)
        ; jz >nonewindex
        ; test BYTE [Rq(sc) + T_NOMM], 1 << (crate::meta::MM::Newindex as u8)
        ; jz =>lb.step
        ; nonewindex:
    );
}

/// Objects are only black while the collector propagates, so a black table (or
/// upvalue) in `rdx` is the one case where a store needs the barrier.
pub(super) fn check_barrier(ops: &mut Ops, lb: &Labels) {
    asm!(ops
        ; test BYTE [rdx + GC_MARKED], crate::gc::mark::BLACK as i8
        ; jnz =>lb.step
    );
}

/// Whether the CPU has SSE4.1 (`roundsd`), asked with one `cpuid`: the standard
/// library's detection asks for every feature, and each `cpuid` traps to the
/// hypervisor on a virtual machine (about 5 us each, measured), at every start.
fn has_sse41() -> bool {
    // cpuid leaf 1 exists on every x86-64 CPU; ECX bit 19 is SSE4.1.
    std::arch::x86_64::__cpuid(1).ecx & (1 << 19) != 0
}

/// Assemble the interpreter.
pub fn generate() -> Result<Code, String> {
    let mut ops = Assembler::new().map_err(|e| e.to_string())?;
    let lb = Labels::new(&mut ops);
    let sse41 = has_sse41();

    // Entry: entry(L, DISPATCH), continuing at L.base / L.savedpc.
    let entry = ops.offset();
    asm!(ops ; =>lb.entry);
    prologue(&mut ops);
    asm!(ops
        ; =>lb.resume
        ; mov r14, QWORD [r13 + L_BASE]
        ; mov rbx, QWORD [r13 + L_SAVEDPC]
    );
    load_kbase(&mut ops);
    ins_next(&mut ops);
    asm!(ops
        ; =>lb.leave
        ; add rsp, 8
        ; pop r15
        ; pop r14
        ; pop r13
        ; pop r12
        ; pop rbx
        ; pop rbp
        ; ret
    );

    // Call entry: call_entry(L, DISPATCH, base, nargs) enters the Lua closure in
    // base[-2], its frame linked by the Rust caller, through its header, as a call
    // from Lua does (stack check, missing parameters, vararg frame, hot counter).
    let call_entry = ops.offset();
    asm!(ops ; =>lb.call_entry);
    prologue(&mut ops);
    asm!(ops
        ; mov r14, rdx
        ; mov edx, ecx
        ; mov rdi, QWORD [r14 - 16]
    );
    untag(&mut ops, 7);
    enter_header(&mut ops);

    // The generic slow path: the reference semantics of the instruction before PC.
    asm!(ops
        ; =>lb.step
        ; mov rdi, r13
        ; mov rsi, r14
        ; mov rdx, rbx
    );
    call_helper(&mut ops, &lb, helpers::step as *const ());

    // A function header's slow path: rdi = closure, edx = nargs, BASE = callee frame.
    asm!(ops
        ; =>lb.precall
        ; mov rdi, r13
        ; mov rsi, r14
    );
    call_helper(&mut ops, &lb, helpers::precall as *const ());

    // A call: rsi = the callee's base, edx = nargs, PC after the calling instruction.
    // Lua functions are entered through their header, natives through their fast
    // function (or the generic native call); anything else takes the slow path.
    asm!(ops
        ; =>lb.call
    );
    load_callee(&mut ops, &lb);
    asm!(ops
        ; movzx eax, BYTE [rdi + F_FFID]
        ; test eax, eax
        ; jnz >ff
        ; mov QWORD [rsi - 8], rbx
        ; mov r14, rsi
    );
    enter_header(&mut ops);
    asm!(ops
        ; ff:
        ; jmp QWORD [r12 + rax * 8 + D_FF]
    );

    // A store of a new key (table in rdx, key in r8: a string or a number) from a
    // `TSET*`/`GSET` handler, the barrier checked: unless a `__newindex` may apply,
    // the key is inserted directly, as most new keys are.
    asm!(ops ; =>lb.newkey);
    check_newindex(&mut ops, &lb, 9);
    asm!(ops
        ; mov rdi, r13
        ; mov rsi, rdx
        ; mov rdx, r8
        ; mov rax, QWORD helpers::tab_newkey as *const () as i64
        ; call rax
        ; test rax, rax
        ; jz =>lb.step
        ; movzx ecx, BYTE [rbx - 3]
        ; mov r8, QWORD [r14 + rcx * 8]
        ; mov QWORD [rax], r8
    );
    ins_next(&mut ops);

    // A return to anything but a Lua frame (Rust callers, continuations, pcall and
    // vararg frames): rsi = first result, edx = count.
    // A Rust caller's frame (`FRAME_C`, `FRAME_CP`: link & 3 == 1) is returned to
    // here, as `LuaState::ret` does: the results go to the frame's first slot (BASE-3)
    // and up, L.top after them, L.base back to the caller's; then leave with ST_EXIT.
    const _: () = assert!(FRAME_C & FRAME_TYPE == 1 && FRAME_CP & FRAME_TYPE == 1);
    asm!(ops
        ; =>lb.retslow
        ; mov rax, QWORD [r14 - 8]
        ; mov ecx, eax
        ; and ecx, FRAME_TYPE as i32
        ; cmp ecx, 1
        ; jne >other
    );
    copy_slots(&mut ops, At(14, -24), At(6, 0), 2, 1, 8);
    asm!(ops
        ; lea rdi, [r14 + rdx * 8 - 24]
        ; mov QWORD [r13 + L_TOP], rdi
        ; and rax, -8
        ; sub r14, rax
        ; mov QWORD [r13 + L_BASE], r14
        ; mov QWORD [r13 + L_SAVEDPC], rbx
        ; mov eax, super::ST_EXIT as i32
        ; jmp =>lb.leave
        ; other:
        ; mov rcx, rsi
        ; mov r8d, edx
        ; mov rdi, r13
        ; mov rsi, r14
        ; mov rdx, rbx
    );
    call_helper(&mut ops, &lb, helpers::ret as *const ());

    // Hand over to the reference interpreter at the instruction before PC (hooks).
    let hookswitch = ops.offset();
    asm!(ops
        ; lea rax, [rbx - 4]
        ; mov QWORD [r13 + L_SAVEDPC], rax
        ; mov QWORD [r13 + L_BASE], r14
        ; mov eax, super::ST_SWITCH as i32
        ; jmp =>lb.leave
    );
    // A call entered a function header while hooks are set: precall delivers the
    // call event, then the next instruction hands over.
    let hookcall = ops.offset();
    asm!(ops ; jmp =>lb.precall);

    // Hot counters (r11 = counter offset): reset; the trace compiler will start here.
    asm!(ops
        ; =>lb.hotloop
        ; =>lb.hotcall
        ; mov r10w, WORD [r12 + D_HOTRESET]
        ; mov WORD [r12 + r11 + D_HOT], r10w
        ; ret
    );

    let ff_offsets = super::ffunc::generate(&mut ops, &lb, sse41);

    let mut handlers = [0usize; NUM_OPS];
    let mut offsets = Vec::with_capacity(NUM_OPS);
    for &op in Op::ALL {
        offsets.push(ops.offset());
        handler(&mut ops, &lb, op, sse41);
    }

    let subroutines: Vec<_> = lb
        .named()
        .iter()
        .filter_map(|&(name, l)| Some((name, ops.labels().resolve_dynamic(l).ok()?)))
        .collect();
    let buf = ops.finalize().map_err(|_| "finalize failed".to_string())?;
    for (i, off) in offsets.iter().enumerate() {
        handlers[i] = buf.ptr(*off) as usize;
    }
    let mut ffhandlers = [0usize; 256];
    for (id, off) in ff_offsets.iter().enumerate() {
        ffhandlers[id] = buf.ptr(*off) as usize;
    }
    if super::perfmap::wanted() {
        let mut symbols = Vec::new();
        for &(name, off) in &subroutines {
            symbols.push((buf.ptr(off) as usize, format!("vm_{name}")));
        }
        for &f in crate::lib::ff::Ff::ALL {
            let at = ffhandlers[f as usize];
            if at != buf.ptr(ff_offsets[0]) as usize {
                symbols.push((at, format!("ff_{f:?}")));
            }
        }
        for (i, &op) in Op::ALL.iter().enumerate() {
            symbols.push((handlers[i], format!("BC_{}", op.name())));
        }
        super::perfmap::write(
            symbols,
            buf.ptr(dynasmrt::AssemblyOffset(0)) as usize + buf.len(),
        );
    }
    // SAFETY: `entry` was assembled above as a function with the C ABI's prologue and
    // epilogue, taking (L, DISPATCH) and returning a status in eax.
    let entry_fn = unsafe {
        std::mem::transmute::<*const u8, extern "C" fn(*mut LuaState, *mut Dispatch) -> u32>(
            buf.ptr(entry),
        )
    };
    // SAFETY: `call_entry` was assembled above with the same prologue and epilogue,
    // taking (L, DISPATCH, base, nargs) and returning a status in eax.
    let call_entry_fn =
        unsafe { std::mem::transmute::<*const u8, super::CallEntry>(buf.ptr(call_entry)) };
    Ok(Code {
        hookswitch: buf.ptr(hookswitch) as usize,
        hookcall: buf.ptr(hookcall) as usize,
        entry: entry_fn,
        call_entry: call_entry_fn,
        handlers,
        ffhandlers,
        _buf: buf,
    })
}

/// Emit the handler of `op`.
fn handler(ops: &mut Ops, lb: &Labels, op: Op, sse41: bool) {
    use Op::*;
    match op {
        ISLT | ISGE | ISLE | ISGT => {
            // A and D are numbers: compare D with A, so "above" means A < D.
            check_num(ops, lb, 1);
            check_num(ops, lb, 0);
            asm!(ops
                ; movsd xmm0, QWORD [r14 + rcx * 8]
                ; movsd xmm1, QWORD [r14 + rax * 8]
                ; ucomisd xmm1, xmm0
            );
            // Unordered (NaN) sets CF, so it fails `<` and `<=` and passes their negations.
            match op {
                ISLT => asm!(ops ; ja >taken),
                ISGE => asm!(ops ; jbe >taken),
                ISLE => asm!(ops ; jae >taken),
                _ => asm!(ops ; jb >taken),
            }
            skip_branch(ops);
            asm!(ops ; taken:);
            take_branch(ops);
        }
        ISEQV | ISNEV => {
            let eq_taken = op == ISEQV;
            asm!(ops
                ; mov rdx, QWORD [r14 + rcx * 8]
                ; mov r8, QWORD [r14 + rax * 8]
                ; mov r9, rdx
                ; shr r9, 47
                ; mov r10, r8
                ; shr r10, 47
                ; cmp r9d, IT_NUMX
                ; jae >notnum
                ; cmp r10d, IT_NUMX
                ; jae >ne
                ; movq xmm0, rdx
                ; movq xmm1, r8
                ; ucomisd xmm0, xmm1
                ; jne >ne
                ; jp >ne
                ; jmp >eq
                ; notnum:
                ; cmp rdx, r8
                ; je >eq
                ; cmp r9d, r10d
                ; jne >ne
                // Two different tables or userdata may still be equal by `__eq`.
                ; cmp r9d, IT_TAB
                ; je =>lb.step
                ; cmp r9d, IT_UDATA
                ; je =>lb.step
                ; jmp >ne
            );
            branch_pair(ops, eq_taken);
        }
        ISEQS | ISNES => {
            asm!(ops
                ; not rax
                ; mov rdx, QWORD [r15 + rax * 8]
                ; cmp rdx, QWORD [r14 + rcx * 8]
                ; je >eq
                ; jmp >ne
            );
            let eq_taken = op == ISEQS;
            branch_pair(ops, eq_taken);
        }
        ISEQN | ISNEN => {
            asm!(ops
                ; cmp DWORD [r14 + rcx * 8 + 4], NUM_HI
                ; jae >ne
                ; movsd xmm0, QWORD [r14 + rcx * 8]
                ; ucomisd xmm0, QWORD [r15 + rax * 8]
                ; jne >ne
                ; jp >ne
                ; jmp >eq
            );
            let eq_taken = op == ISEQN;
            branch_pair(ops, eq_taken);
        }
        ISEQP | ISNEP => {
            asm!(ops
                ; shl rax, 47
                ; not rax
                ; cmp rax, QWORD [r14 + rcx * 8]
                ; je >eq
                ; jmp >ne
            );
            let eq_taken = op == ISEQP;
            branch_pair(ops, eq_taken);
        }
        ISTC | ISFC => {
            asm!(ops
                ; mov rdx, QWORD [r14 + rax * 8]
                ; cmp DWORD [r14 + rax * 8 + 4], FALSY_HI
            );
            if op == ISTC {
                asm!(ops ; jae >skip);
            } else {
                asm!(ops ; jb >skip);
            }
            asm!(ops ; mov QWORD [r14 + rcx * 8], rdx);
            take_branch(ops);
            asm!(ops ; skip:);
            skip_branch(ops);
        }
        IST | ISF => {
            asm!(ops ; cmp DWORD [r14 + rax * 8 + 4], FALSY_HI);
            if op == IST {
                asm!(ops ; jae >skip);
            } else {
                asm!(ops ; jb >skip);
            }
            take_branch(ops);
            asm!(ops ; skip:);
            skip_branch(ops);
        }
        MOV => {
            asm!(ops
                ; mov rax, QWORD [r14 + rax * 8]
                ; mov QWORD [r14 + rcx * 8], rax
            );
            ins_next(ops);
        }
        NOT => {
            // false (itype FALSE) for truthy values, true otherwise.
            asm!(ops
                ; cmp DWORD [r14 + rax * 8 + 4], FALSY_HI
                ; jae >t
                ; mov rax, QWORD crate::value::TValue::FALSE.0 as i64
                ; jmp >store
                ; t:
                ; mov rax, QWORD crate::value::TValue::TRUE.0 as i64
                ; store:
                ; mov QWORD [r14 + rcx * 8], rax
            );
            ins_next(ops);
        }
        UNM => {
            check_num(ops, lb, 0);
            asm!(ops
                ; mov rax, QWORD [r14 + rax * 8]
                ; btc rax, 63
                // -NaN is NaN: keep the canonical NaN.
                ; mov rdx, QWORD 0x7ff8_0000_0000_0000u64 as i64
                ; cmp rax, rdx
                ; jne >store
                ; btc rax, 63
                ; store:
                ; mov QWORD [r14 + rcx * 8], rax
            );
            ins_next(ops);
        }
        LEN => {
            asm!(ops
                ; mov rdx, QWORD [r14 + rax * 8]
                ; mov rsi, rdx
                ; sar rsi, 47
                ; cmp esi, IT_TAB - 0x20000
                ; je >tab
                ; cmp esi, IT_STR - 0x20000
                ; jne =>lb.step
            );
            untag(ops, 2);
            asm!(ops
                ; mov eax, DWORD [rdx + S_LEN]
                ; xorps xmm0, xmm0
                ; cvtsi2sd xmm0, rax
                ; movsd QWORD [r14 + rcx * 8], xmm0
            );
            ins_next(ops);
            // A table's border, from the Rust code (A kept in rbp across the call).
            asm!(ops ; tab:);
            untag(ops, 2);
            asm!(ops
                ; mov rbp, rcx
                ; mov rdi, rdx
                ; mov rax, QWORD helpers::table_len as *const () as i64
                ; call rax
                ; movsd QWORD [r14 + rbp * 8], xmm0
            );
            ins_next(ops);
        }
        ADDVN | SUBVN | MULVN | DIVVN | MODVN | ADDNV | SUBNV | MULNV | DIVNV | MODNV | ADDVV
        | SUBVV | MULVV | DIVVV | MODVV => arith(ops, lb, op, sse41),
        KSTR => {
            asm!(ops
                ; not rax
                ; mov rax, QWORD [r15 + rax * 8]
                ; mov QWORD [r14 + rcx * 8], rax
            );
            ins_next(ops);
        }
        KSHORT => {
            asm!(ops
                ; movsx eax, ax
                ; xorps xmm0, xmm0
                ; cvtsi2sd xmm0, eax
                ; movsd QWORD [r14 + rcx * 8], xmm0
            );
            ins_next(ops);
        }
        KNUM => {
            asm!(ops
                ; mov rax, QWORD [r15 + rax * 8]
                ; mov QWORD [r14 + rcx * 8], rax
            );
            ins_next(ops);
        }
        KPRI => {
            asm!(ops
                ; shl rax, 47
                ; not rax
                ; mov QWORD [r14 + rcx * 8], rax
            );
            ins_next(ops);
        }
        KNIL => {
            asm!(ops
                ; fill:
                ; mov QWORD [r14 + rcx * 8], -1
                ; inc ecx
                ; cmp ecx, eax
                ; jbe <fill
            );
            ins_next(ops);
        }
        UGET => {
            asm!(ops ; mov rdx, QWORD [r14 - 16]);
            untag(ops, 2);
            asm!(ops
                ; mov rdx, QWORD [rdx + rax * 8 + F_UV]
                ; mov rdx, QWORD [rdx + UV_V]
                ; mov rdx, QWORD [rdx]
                ; mov QWORD [r14 + rcx * 8], rdx
            );
            ins_next(ops);
        }
        USETV | USETS | USETN | USETP => {
            match op {
                USETV => asm!(ops ; mov r8, QWORD [r14 + rax * 8]),
                USETS => asm!(ops ; not rax ; mov r8, QWORD [r15 + rax * 8]),
                USETN => asm!(ops ; mov r8, QWORD [r15 + rax * 8]),
                _ => asm!(ops ; shl rax, 47 ; not rax ; mov r8, rax),
            }
            asm!(ops ; mov rdx, QWORD [r14 - 16]);
            untag(ops, 2);
            asm!(ops ; mov rdx, QWORD [rdx + rcx * 8 + F_UV]);
            check_barrier(ops, lb);
            asm!(ops
                ; mov rdx, QWORD [rdx + UV_V]
                ; mov QWORD [rdx], r8
            );
            ins_next(ops);
        }
        GGET | GSET => {
            asm!(ops ; mov rdx, QWORD [r14 - 16]);
            untag(ops, 2);
            asm!(ops ; mov rdx, QWORD [rdx + F_ENV]);
            load_kstr(ops);
            if op == GGET {
                tget_str(ops, lb);
            } else {
                tset_str(ops, lb);
            }
        }
        TGETS => {
            // rdx = table (register B), then the key constant C; a string object looks
            // its methods up through the string metatable.
            asm!(ops
                ; movzx r10d, al
                ; shr eax, 8
                ; mov rdx, QWORD [r14 + rax * 8]
                ; mov rax, r10
            );
            load_kstr(ops);
            asm!(ops
                ; mov rsi, rdx
                ; sar rsi, 47
                ; cmp esi, IT_TAB - 0x20000
                ; je >tab
                ; cmp esi, IT_STR - 0x20000
                ; jne =>lb.step
                ; mov rsi, QWORD [r13 + L_GLREF]
                ; mov r10, QWORD [rsi + G_STRMT]
                ; test r10, r10
                ; jz =>lb.step
                ; mov edi, crate::meta::MAX_META_CHAIN as i32
                ; jmp >meta
                ; tab:
            );
            untag(ops, 2);
            tget_str(ops, lb);
        }
        TSETS => {
            asm!(ops
                ; movzx r10d, al
                ; shr eax, 8
            );
            load_table(ops, lb, 2, 0);
            asm!(ops ; mov rax, r10);
            load_kstr(ops);
            tset_str(ops, lb);
        }
        TGETB | TSETB => {
            asm!(ops
                ; movzx r10d, al
                ; shr eax, 8
            );
            load_table(ops, lb, 2, 0);
            asm!(ops
                ; xorps xmm0, xmm0
                ; cvtsi2sd xmm0, r10
                ; movq r8, xmm0
            );
            if op == TGETB {
                tget_array(ops, lb);
            } else {
                tset_array(ops, lb);
            }
            num_hash(ops, lb, op == TGETB);
        }
        TGETV | TSETV => {
            asm!(ops
                ; movzx r10d, al
                ; shr eax, 8
            );
            load_table(ops, lb, 2, 0);
            // The key: an integer within the array part, or a string.
            asm!(ops
                ; mov r8, QWORD [r14 + r10 * 8]
                ; cmp DWORD [r14 + r10 * 8 + 4], NUM_HI
                ; jae >strkey
                ; movq xmm0, r8
                ; cvttsd2si r10, xmm0
                ; xorps xmm1, xmm1
                ; cvtsi2sd xmm1, r10
                ; ucomisd xmm0, xmm1
                // A NaN compares equal here, but converts to 2^63, which no array
                // part reaches: it goes to the hash part's lookup like any number.
                ; jne >numkey
            );
            if op == TGETV {
                tget_array(ops, lb);
            } else {
                tset_array(ops, lb);
            }
            num_hash(ops, lb, op == TGETV);
            asm!(ops
                ; strkey:
                ; mov r9, r8
                ; sar r9, 47
                ; cmp r9d, IT_STR - 0x20000
                ; jne =>lb.step
                ; mov r9, r8
            );
            untag(ops, 9);
            if op == TGETV {
                tget_str(ops, lb);
            } else {
                tset_str(ops, lb);
            }
        }
        CALL | CALLM => {
            asm!(ops
                ; movzx edx, al
                ; lea rsi, [r14 + rcx * 8 + 16]
            );
            if op == CALLM {
                // Arguments run to L.top (a multiple-result expression ends them).
                asm!(ops
                    ; mov rdx, QWORD [r13 + L_TOP]
                    ; sub rdx, rsi
                    ; shr rdx, 3
                );
            } else {
                asm!(ops ; dec edx);
            }
            asm!(ops ; jmp =>lb.call);
        }
        ITERC => {
            // Call the iterator with (state, control), above the loop's slots.
            asm!(ops
                ; lea rsi, [r14 + rcx * 8 + 16]
                ; mov rax, QWORD [rsi - 40]
                ; mov QWORD [rsi - 16], rax
                ; mov rax, QWORD [rsi - 32]
                ; mov QWORD [rsi], rax
                ; mov rax, QWORD [rsi - 24]
                ; mov QWORD [rsi + 8], rax
                ; mov edx, 2
                ; jmp =>lb.call
            );
        }
        CALLT | CALLMT => {
            // A tail call of a Lua function reuses the frame (a vararg function's
            // original one): function and arguments move down, the link stays.
            asm!(ops
                ; lea rsi, [r14 + rcx * 8 + 16]
                ; lea edx, [eax - 1]
            );
            if op == CALLMT {
                asm!(ops
                    ; mov rdx, QWORD [r13 + L_TOP]
                    ; sub rdx, rsi
                    ; shr rdx, 3
                );
            }
            load_callee(ops, lb);
            asm!(ops
                ; mov rax, QWORD [r14 - 8]
                ; mov r8d, eax
                ; and r8d, 7
                ; cmp r8d, crate::state::FRAME_VARG as i32
                ; jne >moved
                ; and rax, -8
                ; sub r14, rax
                ; moved:
                ; mov rax, QWORD [rsi - 16]
                ; mov QWORD [r14 - 16], rax
            );
            copy_slots(ops, At(14, 0), At(6, 0), 2, 1, 0);
            asm!(ops
                ; movzx eax, BYTE [rdi + F_FFID]
                ; test eax, eax
                ; jnz >native
            );
            enter_header(ops);
            // A native returns straight to this frame's caller. For a Lua caller it
            // is entered as if called from there (its fast function, if any, puts the
            // results where the caller's CALL wants them); otherwise the generic call.
            asm!(ops
                ; native:
                ; mov rsi, r14
                ; mov r8, QWORD [r14 - 8]
                ; test r8d, crate::state::FRAME_TYPE as i32
                ; jnz =>lb.precall
                ; mov rbx, r8
                ; movzx ecx, BYTE [rbx - 3]
                ; shl ecx, 3
                ; sub r14, rcx
                ; sub r14, 16
                ; mov r8d, eax
            );
            load_kbase(ops);
            asm!(ops ; jmp QWORD [r12 + r8 * 8 + D_FF]);
        }
        ITERN => {
            // `next` over a table, inline: the control slot A-1 is the position
            // (array part, then hash part); the ITERL that follows is consumed here.
            asm!(ops
                ; mov rdx, QWORD [r14 + rcx * 8 - 16]
                ; mov rsi, rdx
                ; sar rsi, 47
                ; cmp esi, IT_TAB - 0x20000
                ; jne =>lb.step
                ; cmp DWORD [r14 + rcx * 8 - 4], NUM_HI
                ; jae =>lb.step
            );
            untag(ops, 2);
            asm!(ops
                ; cvttsd2si r8, QWORD [r14 + rcx * 8 - 8]
                ; mov r9d, DWORD [rdx + T_ASIZE]
                ; mov rsi, QWORD [rdx + T_ARRAY]
                ; array:
                ; cmp r8, r9
                ; jae >hash
                ; mov r10, QWORD [rsi + r8 * 8]
                ; inc r8
                ; cmp r10, -1
                ; je <array
                ; lea rax, [r8 - 1]
                ; xorps xmm0, xmm0
                ; cvtsi2sd xmm0, rax
                ; movsd QWORD [r14 + rcx * 8], xmm0
                ; mov QWORD [r14 + rcx * 8 + 8], r10
                ; jmp >found
                ; hash:
                ; mov r11d, DWORD [rdx + T_HMASK]
                ; lea r11, [r11 + r9 + 1]
                ; mov rsi, QWORD [rdx + T_NODE]
                ; node:
                ; cmp r8, r11
                ; jae >end
                ; mov rax, r8
                ; sub rax, r9
                ; lea rax, [rax + rax * 2]
                ; inc r8
                ; mov r10, QWORD [rsi + rax * 8 + N_VAL]
                ; cmp r10, -1
                ; je <node
                ; mov rax, QWORD [rsi + rax * 8 + N_KEY]
                ; mov QWORD [r14 + rcx * 8], rax
                ; mov QWORD [r14 + rcx * 8 + 8], r10
                ; found:
                ; xorps xmm0, xmm0
                ; cvtsi2sd xmm0, r8
                ; movsd QWORD [r14 + rcx * 8 - 8], xmm0
            );
            take_branch(ops);
            asm!(ops
                ; end:
                ; xorps xmm0, xmm0
                ; cvtsi2sd xmm0, r8
                ; movsd QWORD [r14 + rcx * 8 - 8], xmm0
            );
            skip_branch(ops);
        }
        RET1 => {
            asm!(ops
                ; mov r8, QWORD [r14 + rcx * 8]
                ; mov rdx, QWORD [r14 - 8]
                ; test dl, 3
                ; jnz >slow
                ; mov QWORD [r14 - 16], r8
                ; mov rbx, rdx
                ; movzx ecx, BYTE [rbx - 1]
                ; cmp ecx, 2
                ; jne >other
                ; done:
                ; movzx eax, BYTE [rbx - 3]
                ; neg rax
                ; lea r14, [r14 + rax * 8 - 16]
            );
            load_kbase(ops);
            ins_next(ops);
            // The caller wants all results (B = 0) or more than one.
            asm!(ops
                ; other:
                ; test ecx, ecx
                ; jnz >fill
                ; lea rax, [r14 - 8]
                ; mov QWORD [r13 + L_TOP], rax
                ; jmp <done
                ; fill:
                ; mov edx, 1
                ; nextnil:
                ; inc edx
                ; cmp edx, ecx
                ; jae <done
                ; mov QWORD [r14 + rdx * 8 - 24], -1
                ; jmp <nextnil
                ; slow:
                ; lea rsi, [r14 + rcx * 8]
                ; mov edx, 1
                ; jmp =>lb.retslow
            );
        }
        RET | RET0 | RETM => {
            // rsi = first result, edx = count.
            asm!(ops ; lea rsi, [r14 + rcx * 8]);
            if op == RETM {
                asm!(ops
                    ; mov rdx, QWORD [r13 + L_TOP]
                    ; sub rdx, rsi
                    ; shr rdx, 3
                );
            } else {
                asm!(ops
                    ; lea edx, [eax - 1]
                );
            }
            asm!(ops
                ; mov rax, QWORD [r14 - 8]
                ; test al, 3
                ; jnz =>lb.retslow
                ; mov rbx, rax
            );
            store_results(ops, At(14, -16), At(6, 0), 2, 3, 13);
            asm!(ops
                ; movzx eax, BYTE [rbx - 3]
                ; neg rax
                ; lea r14, [r14 + rax * 8 - 16]
            );
            load_kbase(ops);
            ins_next(ops);
        }
        FORI | JFORI => {
            asm!(ops ; lea r8, [r14 + rcx * 8]);
            asm!(ops
                ; cmp DWORD [r8 + 4], NUM_HI
                ; jae =>lb.step
                ; cmp DWORD [r8 + 12], NUM_HI
                ; jae =>lb.step
                ; cmp DWORD [r8 + 20], NUM_HI
                ; jae =>lb.step
                ; movsd xmm0, QWORD [r8]
            );
            for_cond(ops);
            // Enter the loop: copy the index to the visible variable.
            asm!(ops
                ; movsd QWORD [r8 + 24], xmm0
            );
            ins_next(ops);
            asm!(ops ; exit:);
            jump_d(ops);
            ins_next(ops);
            for_cond_down(ops);
        }
        FORL | IFORL => {
            if op == FORL {
                hotcount(ops, HOTCOUNT_LOOP);
            }
            asm!(ops
                ; lea r8, [r14 + rcx * 8]
                ; movsd xmm0, QWORD [r8]
                ; addsd xmm0, QWORD [r8 + 16]
                ; movsd QWORD [r8], xmm0
            );
            for_cond(ops);
            asm!(ops ; movsd QWORD [r8 + 24], xmm0);
            jump_d(ops);
            asm!(ops ; exit:);
            ins_next(ops);
            for_cond_down(ops);
            if op == FORL {
                hotcount_stub(ops, lb.hotloop, Live::Operands);
            }
        }
        ITERL | IITERL => {
            if op == ITERL {
                hotcount(ops, HOTCOUNT_LOOP);
            }
            asm!(ops
                ; mov rdx, QWORD [r14 + rcx * 8]
                ; cmp rdx, -1
                ; je >done
                ; mov QWORD [r14 + rcx * 8 - 8], rdx
            );
            jump_d(ops);
            asm!(ops ; done:);
            ins_next(ops);
            if op == ITERL {
                hotcount_stub(ops, lb.hotloop, Live::Operands);
            }
        }
        LOOP => {
            hotcount(ops, HOTCOUNT_LOOP);
            ins_next(ops);
            hotcount_stub(ops, lb.hotloop, Live::Operands);
        }
        ILOOP => ins_next(ops),
        JMP => {
            jump_d(ops);
            ins_next(ops);
        }
        FUNCF | IFUNCF => {
            if op == FUNCF {
                hotcount(ops, HOTCOUNT_CALL);
            }
            asm!(ops
                ; movzx eax, BYTE [rdi + F_FRAMESIZE]
                ; lea r8, [r14 + rax * 8]
                ; cmp r8, QWORD [r13 + L_MAXSTACK]
                ; ja =>lb.precall
                ; mov r15, QWORD [rdi + F_K]
                ; movzx eax, BYTE [rdi + F_NUMPARAMS]
                ; fill:
                ; cmp edx, eax
                ; jae >done
                ; mov QWORD [r14 + rdx * 8], -1
                ; inc edx
                ; jmp <fill
                ; done:
            );
            ins_next(ops);
            if op == FUNCF {
                hotcount_stub(ops, lb.hotcall, Live::Header);
            }
        }
        FUNCV | IFUNCV => {
            if op == FUNCV {
                hotcount(ops, HOTCOUNT_CALL);
            }
            // The vararg frame: function and fixed parameters move above the
            // arguments, which stay where they are for VARG; the link is the delta.
            asm!(ops
                ; movzx eax, BYTE [rdi + F_FRAMESIZE]
                ; lea r8, [r14 + rdx * 8 + 16]
                ; lea r9, [r8 + rax * 8]
                ; cmp r9, QWORD [r13 + L_MAXSTACK]
                ; ja =>lb.precall
                ; mov rax, QWORD [r14 - 16]
                ; mov QWORD [r8 - 16], rax
                ; lea eax, [rdx * 8 + (16 + crate::state::FRAME_VARG as i32)]
                ; mov QWORD [r8 - 8], rax
                ; movzx r9d, BYTE [rdi + F_NUMPARAMS]
                ; xor ecx, ecx
                ; param:
                ; cmp ecx, r9d
                ; jae >done
                ; cmp ecx, edx
                ; jae >nil
                ; mov rax, QWORD [r14 + rcx * 8]
                ; mov QWORD [r8 + rcx * 8], rax
                ; mov QWORD [r14 + rcx * 8], -1
                ; inc ecx
                ; jmp <param
                ; nil:
                ; mov QWORD [r8 + rcx * 8], -1
                ; inc ecx
                ; jmp <param
                ; done:
                ; mov r14, r8
                ; mov r15, QWORD [rdi + F_K]
            );
            ins_next(ops);
            if op == FUNCV {
                hotcount_stub(ops, lb.hotcall, Live::Header);
            }
        }
        VARG => {
            // B - 1 varargs into A.. (nil-padded), or with B = 0 all of them, to L.top.
            asm!(ops
                ; movzx edx, al
                ; shr eax, 8
                ; mov r8, QWORD [r14 - 8]
                ; and r8, -8
                ; mov r9, r14
                ; sub r9, r8
                ; lea r9, [r9 + rdx * 8]
                ; shr r8, 3
                ; sub r8, 2
                ; sub r8, rdx
                ; jns >counted
                ; xor r8d, r8d
                ; counted:
                ; lea rsi, [r14 + rcx * 8]
                ; xor r10d, r10d
                ; test eax, eax
                ; jz >all
                ; dec eax
                ; fixed:
                ; cmp r10d, eax
                ; jae >done
                ; mov r11, -1
                ; cmp r10, r8
                ; jae >store
                ; mov r11, QWORD [r9 + r10 * 8]
                ; store:
                ; mov QWORD [rsi + r10 * 8], r11
                ; inc r10d
                ; jmp <fixed
                ; all:
                ; lea rax, [rsi + r8 * 8]
                ; cmp rax, QWORD [r13 + L_MAXSTACK]
                ; ja =>lb.step
                ; mov QWORD [r13 + L_TOP], rax
            );
            copy_slots(ops, At(6, 0), At(9, 0), 8, 10, 11);
            asm!(ops ; done:);
            ins_next(ops);
        }
        POW => {
            asm!(ops
                ; movzx edx, al
                ; shr eax, 8
            );
            check_num(ops, lb, 0);
            check_num(ops, lb, 2);
            asm!(ops
                ; movsd xmm0, QWORD [r14 + rax * 8]
                ; movsd xmm1, QWORD [r14 + rdx * 8]
                ; mov rbp, rcx
                ; mov rax, QWORD helpers::pow as *const () as i64
                ; call rax
                ; ucomisd xmm0, xmm0
                ; jnp >store
                ; mov rax, QWORD crate::value::CANON_NAN as i64
                ; movq xmm0, rax
                ; store:
                ; movsd QWORD [r14 + rbp * 8], xmm0
            );
            ins_next(ops);
        }
        ISNEXT => {
            // `pairs`-style loop over a table with `next`: start ITERN at position 0.
            asm!(ops
                ; mov rdx, QWORD [r14 + rcx * 8 - 24]
                ; mov rsi, rdx
                ; sar rsi, 47
                ; cmp esi, IT_FUNC - 0x20000
                ; jne =>lb.step
            );
            untag(ops, 2);
            asm!(ops
                ; cmp BYTE [rdx + F_FFID], crate::lib::ff::Ff::Next as i8
                ; jne =>lb.step
                ; mov rdx, QWORD [r14 + rcx * 8 - 16]
                ; sar rdx, 47
                ; cmp edx, IT_TAB - 0x20000
                ; jne =>lb.step
                ; cmp QWORD [r14 + rcx * 8 - 8], -1
                ; jne =>lb.step
                ; mov QWORD [r14 + rcx * 8 - 8], 0
            );
            jump_d(ops);
            ins_next(ops);
        }
        UCLO => {
            // Nothing to close unless an open upvalue points at A or above.
            asm!(ops
                ; mov rdx, QWORD [r13 + L_OPENUPVAL]
                ; test rdx, rdx
                ; jz >none
                ; lea rsi, [r14 + rcx * 8]
                ; cmp QWORD [rdx + UV_V], rsi
                ; jb >none
                ; mov rdi, r13
                ; mov rax, QWORD helpers::close_upvals as *const () as i64
                ; call rax
                ; movzx eax, WORD [rbx - 2]
                ; none:
            );
            jump_d(ops);
            ins_next(ops);
        }
        TSETM => {
            // The table in A-1 (checked: only a damaged dump puts anything else
            // there), the start index in the low word of constant D.
            asm!(ops
                ; mov rsi, QWORD [r14 + rcx * 8 - 8]
                ; mov rdx, rsi
                ; sar rdx, 47
                ; cmp edx, IT_TAB - 0x20000
                ; jne =>lb.step
            );
            untag(ops, 6);
            asm!(ops
                ; mov rdi, r13
                ; lea rdx, [r14 + rcx * 8]
                ; mov ecx, DWORD [r15 + rax * 8]
                ; mov rax, QWORD helpers::tsetm as *const () as i64
                ; call rax
            );
            ins_next(ops);
        }
        TNEW | TDUP | FNEW => {
            // Allocated by a helper while no collection is due (the slow path does
            // the instruction and the collection step otherwise).
            gc_due(ops, lb.step, 8, 9);
            asm!(ops ; mov rdi, r13);
            if op == TNEW {
                asm!(ops
                    ; mov esi, eax
                    ; mov rax, QWORD helpers::tab_new as *const () as i64
                );
            } else {
                asm!(ops
                    ; not rax
                    ; mov rsi, QWORD [r15 + rax * 8]
                );
                untag(ops, 6);
                if op == TDUP {
                    asm!(ops ; mov rax, QWORD helpers::tab_dup as *const () as i64);
                } else {
                    asm!(ops
                        ; mov rdx, r14
                        ; mov rax, QWORD helpers::closure as *const () as i64
                    );
                }
            }
            asm!(ops
                ; call rax
                ; movzx ecx, BYTE [rbx - 3]
                ; mov QWORD [r14 + rcx * 8], rax
            );
            ins_next(ops);
        }
        CAT => {
            // Strings and numbers are joined by a helper while no collection is due;
            // the slow path does everything else.
            gc_due(ops, lb.step, 8, 9);
            asm!(ops
                ; mov rdi, r13
                ; mov rsi, r14
                ; mov rdx, rbx
                ; mov rax, QWORD helpers::cat as *const () as i64
                ; call rax
                ; test rax, rax
                ; jz =>lb.step
                ; movzx ecx, BYTE [rbx - 3]
                ; mov QWORD [r14 + rcx * 8], rax
            );
            ins_next(ops);
        }
        JFUNCF | JFUNCV | FUNCC | FUNCCW => asm!(ops ; jmp =>lb.precall),
        _ => asm!(ops ; jmp =>lb.step),
    }
}

/// The two outcomes of an equality test, at labels `eq:` and `ne:`: equality takes
/// the branch (`ISEQ*`) or skips it (`ISNE*`), inequality the opposite.
fn branch_pair(ops: &mut Ops, eq_taken: bool) {
    asm!(ops ; eq:);
    if eq_taken {
        take_branch(ops);
    } else {
        skip_branch(ops);
    }
    asm!(ops ; ne:);
    if eq_taken {
        skip_branch(ops);
    } else {
        take_branch(ops);
    }
}

/// A numeric `for` test: with the index in `xmm0` and the control slots at `r8`, go on
/// if the loop continues, jump to `exit` if it ends.
fn for_cond(ops: &mut Ops) {
    asm!(ops
        ; movsd xmm1, QWORD [r8 + 8]
        // The step's sign bit gives the direction (-0 counts down, as in LuaJIT);
        // counting down is handled out of line by `for_cond_down`.
        ; cmp DWORD [r8 + 20], 0
        ; jl >down
        // Counting up: idx <= stop. A NaN compares unordered, which sets the carry.
        ; ucomisd xmm1, xmm0
        ; jb >exit
        ; cont:
    );
}

/// The counting-down half of `for_cond`, emitted after the handler's `exit` code.
fn for_cond_down(ops: &mut Ops) {
    asm!(ops
        ; down:
        ; ucomisd xmm0, xmm1
        ; jb <exit
        ; jmp <cont
    );
}

/// Arithmetic: both operands numbers, else the slow path.
fn arith(ops: &mut Ops, lb: &Labels, op: Op, sse41: bool) {
    use Op::*;
    let group = (op as u8 - ADDVN as u8) / 5;
    let kind = (op as u8 - ADDVN as u8) % 5;
    if kind == 4 && !sse41 {
        asm!(ops ; jmp =>lb.step);
        return;
    }
    // rdx = C (register or constant index), rax = B.
    asm!(ops
        ; movzx edx, al
        ; shr eax, 8
    );
    check_num(ops, lb, 0);
    // xmm0 = left operand, xmm1 = right.
    match group {
        0 => asm!(ops
            ; movsd xmm0, QWORD [r14 + rax * 8]
            ; movsd xmm1, QWORD [r15 + rdx * 8]
        ),
        1 => asm!(ops
            ; movsd xmm1, QWORD [r14 + rax * 8]
            ; movsd xmm0, QWORD [r15 + rdx * 8]
        ),
        _ => {
            check_num(ops, lb, 2);
            asm!(ops
                ; movsd xmm0, QWORD [r14 + rax * 8]
                ; movsd xmm1, QWORD [r14 + rdx * 8]
            )
        }
    }
    match kind {
        0 => asm!(ops ; addsd xmm0, xmm1),
        1 => asm!(ops ; subsd xmm0, xmm1),
        2 => asm!(ops ; mulsd xmm0, xmm1),
        3 => asm!(ops ; divsd xmm0, xmm1),
        _ => {
            // a - floor(a / b) * b
            asm!(ops
                ; movapd xmm2, xmm0
                ; divsd xmm2, xmm1
                ; roundsd xmm2, xmm2, 9
                ; mulsd xmm2, xmm1
                ; subsd xmm0, xmm2
            );
        }
    }
    asm!(ops ; movsd QWORD [r14 + rcx * 8], xmm0);
    ins_next(ops);
}

/// `TGET*` / `GGET` with a string key: table in `rdx`, key in `r8`/`r9`, result to A.
/// An absent key follows `__index` tables (up to `MAX_META_CHAIN` of them, as the
/// Rust code does); an `__index` function takes the slow path. Code that jumps to
/// the `meta` label enters with the metatable in `r10` and `edi` set (strings).
fn tget_str(ops: &mut Ops, lb: &Labels) {
    asm!(ops ; mov edi, crate::meta::MAX_META_CHAIN as i32);
    asm!(ops ; again:);
    probe_str(ops);
    asm!(ops
        ; mov rax, QWORD [rax + N_VAL]
        ; cmp rax, -1
        ; je >miss
        ; mov QWORD [r14 + rcx * 8], rax
    );
    ins_next(ops);
    asm!(ops
        ; miss:
        ; mov r10, QWORD [rdx + T_META]
        ; test r10, r10
        ; jz >nil
        ; meta:
        // The metatable's negative cache says whether `__index` is absent.
        ; test BYTE [r10 + T_NOMM], 1 << (crate::meta::MM::Index as u8)
        ; jnz >nil
        ; mov r11, QWORD [r12 + D_STRINDEX]
        ; mov rsi, r11
    );
    untag(ops, 6);
    probe_str_in(ops, 10, 11, 6);
    asm!(ops
        ; mov rax, QWORD [rax + N_VAL]
        ; cmp rax, -1
        ; je >nil
        ; mov rsi, rax
        ; sar rsi, 47
        ; cmp esi, IT_TAB - 0x20000
        ; jne =>lb.step
        ; dec edi
        ; jz =>lb.step
        ; mov rdx, rax
    );
    untag(ops, 2);
    asm!(ops
        ; jmp <again
        ; miss:
        ; nil:
        ; mov QWORD [r14 + rcx * 8], -1
    );
    ins_next(ops);
}

/// `TSET*` / `GSET` with a string key: table in `rdx`, key in `r8`/`r9`, value in A.
/// A new key goes to the `newkey` subroutine.
fn tset_str(ops: &mut Ops, lb: &Labels) {
    check_barrier(ops, lb);
    probe_str(ops);
    asm!(ops
        ; cmp QWORD [rax + N_VAL], -1
        ; jne >store
    );
    // A nil value: a `__newindex` may intercept it.
    check_newindex(ops, lb, 10);
    asm!(ops
        ; store:
        ; mov r8, QWORD [r14 + rcx * 8]
        ; mov QWORD [rax + N_VAL], r8
        // A store may add a metamethod: drop the negative cache.
        ; mov BYTE [rdx + T_NOMM], 0
    );
    ins_next(ops);
    asm!(ops ; miss: ; jmp =>lb.newkey);
}

/// `TGET*` with an integer key in `r10`: table in `rdx`, result to A.
fn tget_array(ops: &mut Ops, lb: &Labels) {
    asm!(ops
        ; mov esi, DWORD [rdx + T_ASIZE]
        ; cmp r10, rsi
    );
    // Outside the array part: the hash part (`numkey`, the key value in `r8`).
    asm!(ops ; jae >numkey);
    asm!(ops
        ; mov rax, QWORD [rdx + T_ARRAY]
        ; mov rax, QWORD [rax + r10 * 8]
        ; cmp rax, -1
        ; jne >store
        ; cmp QWORD [rdx + T_META], 0
        ; jne =>lb.step
        ; store:
        ; mov QWORD [r14 + rcx * 8], rax
    );
    ins_next(ops);
}

/// The `numkey` path of a table access: the number key in `r8` is looked up in the
/// hash part of the table in `rdx`; a store of a new key goes to `newkey`.
fn num_hash(ops: &mut Ops, lb: &Labels, get: bool) {
    asm!(ops ; numkey:);
    if !get {
        check_barrier(ops, lb);
    }
    probe_num(ops);
    if get {
        asm!(ops
            ; mov rax, QWORD [rax + N_VAL]
            ; cmp rax, -1
            ; je >miss
            ; mov QWORD [r14 + rcx * 8], rax
        );
        ins_next(ops);
        asm!(ops
            ; miss:
            ; cmp QWORD [rdx + T_META], 0
            ; jne =>lb.step
            ; mov QWORD [r14 + rcx * 8], -1
        );
        ins_next(ops);
    } else {
        asm!(ops
            ; cmp QWORD [rax + N_VAL], -1
            ; je =>lb.step
            ; mov r8, QWORD [r14 + rcx * 8]
            ; mov QWORD [rax + N_VAL], r8
        );
        ins_next(ops);
        asm!(ops ; miss: ; jmp =>lb.newkey);
    }
}

/// Probe the hash part of the table in `rdx` for the number key in `r8` (LuaJIT's
/// number hash, as `tab.rs` computes it): `rax` = the node, or jump to `miss`.
fn probe_num(ops: &mut Ops) {
    asm!(ops
        // -0 is stored as 0.
        ; mov rax, r8
        ; add rax, rax
        ; jnz >nonzero
        ; xor r8d, r8d
        ; nonzero:
        ; mov r10, r8
        ; shr r10, 32
        ; shl r10d, 1
        ; mov r11d, r8d
        ; xor r11d, r10d
        ; rol r10d, 14
        ; sub r11d, r10d
        ; rol r10d, 5
        ; xor r10d, r11d
        ; rol r11d, 13
        ; sub r10d, r11d
        ; and r10d, DWORD [rdx + T_HMASK]
        ; lea rax, [r10 + r10 * 2]
        ; shl rax, 3
        ; add rax, QWORD [rdx + T_NODE]
        ; probe:
        ; cmp QWORD [rax + N_KEY], r8
        ; je >found
        ; mov rax, QWORD [rax + N_NEXT]
        ; test rax, rax
        ; jnz <probe
        ; jmp >miss
        ; found:
    );
}

/// `TSET*` with an integer key in `r10`: table in `rdx`, value in A.
fn tset_array(ops: &mut Ops, lb: &Labels) {
    check_barrier(ops, lb);
    asm!(ops
        ; mov esi, DWORD [rdx + T_ASIZE]
        ; cmp r10, rsi
    );
    // Outside the array part: the hash part (`numkey`, the key value in `r8`).
    asm!(ops ; jae >numkey);
    asm!(ops
        ; mov rax, QWORD [rdx + T_ARRAY]
        ; lea rax, [rax + r10 * 8]
        ; cmp QWORD [rax], -1
        ; jne >store
    );
    check_newindex(ops, lb, 11);
    asm!(ops
        ; store:
        ; mov r8, QWORD [r14 + rcx * 8]
        ; mov QWORD [rax], r8
    );
    ins_next(ops);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout() {
        // The constants the code tests against are the value module's.
        assert_eq!(NUM_HI as u32, 0xfff9_8000);
        assert_eq!(FALSY_HI as u32, 0xffff_0000);
        assert_eq!(IT_NUMX, 0x1fff3);
        assert_eq!(std::mem::size_of::<Node>(), 24);
        assert_eq!(
            IT_TAB - 0x20000,
            (crate::value::TValue::gc(tag::TAB, std::ptr::dangling()).0 as i64 >> 47) as i32
        );
    }
}
