//! The coroutine switch in machine code: `coroutine.resume`, wrapped coroutines and
//! `coroutine.yield` as fast functions (`ffunc.rs` conventions).
//!
//! A resume of a suspended coroutine hands it yield's results as a return to its Lua
//! caller would, then runs it through a nested call of the interpreter's `entry` with
//! the coroutine as `L`: the resumer's registers wait on the machine stack, as LuaJIT
//! keeps them in a C frame. `yield` stores its frame as the Rust `yield` leaves it
//! and leaves that entry with the yield status, so a coroutine resumed by Rust code
//! (`lib::coroutine`) yields the same way. Back in the resumer, a yield or a return
//! whose values fit in its stack is finished here; anything else (errors, hook
//! handovers, fresh or dead coroutines, resumes nested too deep) goes to the Rust
//! implementation, before the switch or through `helpers::resume_done` after it.

use super::gen::{asm, call_helper, copy_slots, store_results, untag, At, Labels, IT_THREAD};
use super::gen::{F_UV, L_BASE, L_COSTATE, L_MAXSTACK, L_SAVEDPC, L_STACK, L_TOP};
use super::gen::{G_MAINTHREAD, G_RUNNING, L_GLREF, L_NCCALLS, L_NNY, L_RESUMER};
use super::{helpers, ST_EXIT};
use crate::state::{costate, Status, FRAME_TYPE, MAX_CCALLS};
use crate::value::TValue;
use dynasmrt::{dynasm, x64::Assembler, DynasmApi, DynasmLabelApi};

type Ops = Assembler;

/// `r9` = the coroutine a `resume` (its first argument) or a wrapped coroutine (its
/// closure's upvalue) resumes, with the arguments at `rsi` and the closure in `rdi`.
fn load_co(ops: &mut Ops, wrap: bool) {
    if wrap {
        asm!(ops ; mov r9, QWORD [rdi + F_UV]);
    } else {
        asm!(ops ; mov r9, QWORD [rsi]);
    }
    untag(ops, 9);
}

/// `coroutine.resume(co, ...)`, or with `wrap` a wrapped coroutine's function (no
/// status result; errors are raised again by the Rust part).
pub fn resume(ops: &mut Ops, lb: &Labels, wrap: bool) {
    // Arguments before the ones passed to the coroutine, and results before the
    // ones it passes back: `resume`'s thread and status.
    let skip: i32 = if wrap { 0 } else { 1 };
    if !wrap {
        asm!(ops
            ; cmp edx, 1
            ; jb =>lb.ff_fallback
            ; mov rax, QWORD [rsi]
            ; sar rax, 47
            ; cmp eax, IT_THREAD - 0x20000
            ; jne =>lb.ff_fallback
        );
    }
    load_co(ops, wrap);
    // Only a coroutine suspended by a yield called from Lua, with room for the values,
    // and not nested too deep.
    asm!(ops
        ; cmp BYTE [r9 + L_COSTATE], costate::SUSPENDED as i8
        ; jne =>lb.ff_fallback
        ; mov r10, QWORD [r9 + L_BASE]
        ; mov r11, QWORD [r10 - 8]
        ; test r11d, FRAME_TYPE as i32
        ; jnz =>lb.ff_fallback
        ; lea rcx, [r10 + rdx * 8]
        ; cmp rcx, QWORD [r9 + L_MAXSTACK]
        ; ja =>lb.ff_fallback
        ; mov eax, DWORD [r13 + L_NCCALLS]
        ; cmp eax, MAX_CCALLS as i32
        ; jae =>lb.ff_fallback
        ; inc eax
        ; mov DWORD [r9 + L_NCCALLS], eax
        // The arguments become yield's results: store them from the CALL's slot A
        // (r10 - 16) as a return does, and continue after that CALL (r11).
        ; movzx ecx, BYTE [r11 - 3]
        ; neg rcx
        ; lea rcx, [r10 + rcx * 8 - 16]
        ; mov QWORD [r9 + L_BASE], rcx
        ; mov QWORD [r9 + L_SAVEDPC], r11
        ; lea edi, [edx - skip]
    );
    store_results(ops, At(10, -16), At(6, skip * 8), 7, 11, 9);
    asm!(ops
        ; mov BYTE [r9 + L_COSTATE], costate::RUNNING as i8
        ; mov QWORD [r9 + L_RESUMER], r13
        ; mov rax, QWORD [r13 + L_GLREF]
        ; mov QWORD [rax + G_RUNNING], r9
        // Link this call's frame as the native call does: the collector, errors and
        // tracebacks see the resumer waiting in `resume`.
        ; mov QWORD [rsi - 8], rbx
        ; mov QWORD [r13 + L_BASE], rsi
        ; mov QWORD [r13 + L_SAVEDPC], rbx
        ; lea rax, [rsi + rdx * 8]
        ; mov QWORD [r13 + L_TOP], rax
        ; mov rdi, r9
        ; mov rsi, r12
        ; call =>lb.entry
        // Back in the resumer (its registers restored by the entry's exit).
        ; mov rsi, QWORD [r13 + L_BASE]
    );
    if wrap {
        asm!(ops ; mov rdi, QWORD [rsi - 16]);
        untag(ops, 7);
    }
    load_co(ops, wrap);
    // r10 = the first value it yielded or returned, r8d = its next state.
    asm!(ops
        ; cmp eax, Status::Yield as i32
        ; jne >returned
        ; mov r10, QWORD [r9 + L_BASE]
        ; mov r8d, costate::SUSPENDED as i32
        ; jmp >values
        ; returned:
        ; cmp eax, ST_EXIT as i32
        ; jne >slow
        // A finished body's results start above its function slot.
        ; mov r10, QWORD [r9 + L_STACK]
        ; add r10, 8
        ; mov r8d, costate::DEAD as i32
        ; values:
        ; mov rcx, QWORD [r9 + L_TOP]
        ; sub rcx, r10
        ; lea rdx, [rsi + rcx + skip * 8 - 16]
        ; cmp rdx, QWORD [r13 + L_MAXSTACK]
        ; ja >slow
        ; mov BYTE [r9 + L_COSTATE], r8b
        ; mov QWORD [r9 + L_TOP], r10
        ; mov QWORD [r9 + L_RESUMER], 0
        ; mov rax, QWORD [r13 + L_GLREF]
        ; mov QWORD [rax + G_RUNNING], r13
        ; shr ecx, 3
        ; lea rdi, [rsi + skip * 8 - 16]
    );
    copy_slots(ops, At(7, 0), At(10, 0), 1, 8, 0);
    if !wrap {
        asm!(ops
            ; mov rax, QWORD TValue::TRUE.0 as i64
            ; mov QWORD [rsi - 16], rax
            ; inc r8d
        );
    }
    asm!(ops
        ; jmp =>lb.ff_res
        ; slow:
        ; mov rdi, r13
        ; mov esi, eax
    );
    call_helper(ops, lb, helpers::resume_done as *const ());
}

/// `coroutine.yield(...)` from a coroutine with no Rust call between it and its
/// resume: leave the entry that resume made with the yield status.
pub fn yield_(ops: &mut Ops, lb: &Labels) {
    asm!(ops
        ; mov rax, QWORD [r13 + L_GLREF]
        ; cmp r13, QWORD [rax + G_MAINTHREAD]
        ; je =>lb.ff_fallback
        ; cmp DWORD [r13 + L_NNY], 0
        ; jne =>lb.ff_fallback
        // The yielded values are this frame's arguments, as the native's frame has them.
        ; mov QWORD [rsi - 8], rbx
        ; mov QWORD [r13 + L_BASE], rsi
        ; mov QWORD [r13 + L_SAVEDPC], rbx
        ; lea rax, [rsi + rdx * 8]
        ; mov QWORD [r13 + L_TOP], rax
        ; mov eax, Status::Yield as i32
        ; jmp =>lb.leave
    );
}
