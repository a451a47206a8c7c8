//! Fast functions: machine-code paths for the hot builtins (`lib::ff`), entered by a
//! call instead of the generic native call.
//!
//! On entry `BASE`, `KBASE` and `PC` are still the caller's (`PC` after the `CALL`),
//! `rsi` points to the arguments, `edx` holds their count and `rdi` the closure. A
//! fast function that can finish stores its results from `rsi - 16` (the call slot)
//! on and goes to `ff_res`/`ff_res1`/`ff_resn`, which adjust them to what the `CALL`
//! wants and dispatch the caller's next instruction: no frame is ever built. Anything
//! else (wrong types, missing arguments, errors, cases the code does not cover) goes
//! to `ff_fallback` with `rsi`, `edx` and `rdi` intact, which calls the function's
//! Rust implementation as any native is called.

use super::gen::{
    asm, gc_due, ins_next, probe_str_in, untag, Labels, FALSY_HI, IT_NUMX, IT_STR, IT_TAB, NUM_HI,
};
use super::gen::{D_STRHASH, D_STRMETA, D_TYPENAME, GC_MARKED, L_TOP};
use super::gen::{F_UV, N_VAL, S_LEN, T_ARRAY, T_ASIZE, T_META};
use super::helpers;
use crate::lib::ff::Ff;
use crate::lib::math::{binary_c, unary_c};
use crate::str::STR_DATA;
use crate::value::{itype_of, tag};
use dynasmrt::{dynasm, x64::Assembler, AssemblyOffset, DynasmApi, DynasmLabelApi};

type Ops = Assembler;

/// The tag bits of a table value.
const TAB_BITS: i64 = ((itype_of(tag::TAB) as u64) << 47) as i64;
/// Adding 2^52 + 2^51 leaves a number's value modulo 2^32, rounded, in the low word.
const BIT_BIAS: i64 = 6_755_399_441_055_744.0f64.to_bits() as i64;

/// Emit the shared result and fallback code and every fast function; returns the
/// code offset to enter for each `ffid` (the generic call for those without one).
pub fn generate(ops: &mut Ops, lb: &Labels, sse41: bool) -> Vec<AssemblyOffset> {
    // The generic native call: link the frame, then `precall` runs the Rust function.
    let fallback = ops.offset();
    asm!(ops
        ; =>lb.ff_fallback
        ; mov QWORD [rsi - 8], rbx
        ; mov r14, rsi
        ; jmp =>lb.precall
    );
    // A number result in xmm0 (NaN folded into the canonical one, as `TValue::num` does).
    asm!(ops
        ; =>lb.ff_resn
        ; ucomisd xmm0, xmm0
        ; movq rax, xmm0
        ; jnp =>lb.ff_res1
        ; mov rax, QWORD crate::value::CANON_NAN as i64
        // One result in rax.
        ; =>lb.ff_res1
        ; mov QWORD [rsi - 16], rax
        ; cmp BYTE [rbx - 1], 2
        ; jne >more
    );
    ins_next(ops);
    asm!(ops
        ; more:
        ; mov r8d, 1
        // r8d results at rsi - 16: fill with nil up to what the CALL wants (B - 1), or
        // with B = 0 leave them all and mark their end in L.top.
        ; =>lb.ff_res
        ; movzx ecx, BYTE [rbx - 1]
        ; test ecx, ecx
        ; jz >multres
        ; dec ecx
        ; fill:
        ; cmp r8d, ecx
        ; jae >done
        ; mov QWORD [rsi + r8 * 8 - 16], -1
        ; inc r8d
        ; jmp <fill
        ; multres:
        ; lea rax, [rsi + r8 * 8 - 16]
        ; mov QWORD [r13 + L_TOP], rax
        ; done:
    );
    ins_next(ops);

    let mut table = vec![fallback; 256];
    for &f in Ff::ALL {
        let off = ops.offset();
        if fast_function(ops, lb, f, sse41) {
            table[f as usize] = off;
        }
    }
    table
}

/// Fall back unless there are at least `n` arguments.
fn need_args(ops: &mut Ops, lb: &Labels, n: i32) {
    asm!(ops
        ; cmp edx, n
        ; jb =>lb.ff_fallback
    );
}

/// Fall back unless argument `i` is a number.
fn num_arg(ops: &mut Ops, lb: &Labels, i: i32) {
    asm!(ops
        ; cmp DWORD [rsi + i * 8 + 4], NUM_HI
        ; jae =>lb.ff_fallback
    );
}

/// `Rd(dst)` = argument `i`, a number, truncated to a positive 32-bit position, or
/// fall back (negative positions count from the end: the Rust code does those).
fn pos_arg(ops: &mut Ops, lb: &Labels, i: i32, dst: u8) {
    num_arg(ops, lb, i);
    asm!(ops
        ; cvttsd2si Rd(dst), QWORD [rsi + i * 8]
        ; cmp Rd(dst), 1
        ; jl =>lb.ff_fallback
    );
}

/// Fall back unless argument `i` has itype `it`; its untagged pointer goes to `dst`.
fn gc_arg(ops: &mut Ops, lb: &Labels, i: i32, it: i32, dst: u8) {
    asm!(ops
        ; mov Rq(dst), QWORD [rsi + i * 8]
        ; mov rax, Rq(dst)
        ; sar rax, 47
        ; cmp eax, it - 0x20000
        ; jne =>lb.ff_fallback
    );
    untag(ops, dst);
}

/// `eax` = argument `i` (a number) as LuaJIT's bit operations normalise it.
fn bit_arg(ops: &mut Ops, lb: &Labels, i: i32) {
    num_arg(ops, lb, i);
    asm!(ops ; movsd xmm0, QWORD [rsi + i * 8]);
    bit_norm(ops);
}

/// `eax` = the number in `xmm0` as LuaJIT's bit operations normalise it.
fn bit_norm(ops: &mut Ops) {
    asm!(ops
        ; mov rax, QWORD BIT_BIAS
        ; movq xmm1, rax
        ; addsd xmm0, xmm1
        ; movd eax, xmm0
    );
}

/// Return the value in `rax` to a `CALL` that wants one result, inline: each fast
/// function then dispatches the caller's next instruction from its own jump, which
/// predicts far better than one shared by all of them. Other counts go to `ff_res1`.
fn ret1(ops: &mut Ops, lb: &Labels) {
    asm!(ops
        ; mov QWORD [rsi - 16], rax
        ; cmp BYTE [rbx - 1], 2
        ; jne =>lb.ff_res1
    );
    ins_next(ops);
}

/// Return the number in `xmm0` as [`ret1`] does (a NaN goes to `ff_resn`, which
/// canonicalises it).
fn retn(ops: &mut Ops, lb: &Labels) {
    asm!(ops
        ; ucomisd xmm0, xmm0
        ; jp =>lb.ff_resn
        ; movq rax, xmm0
    );
    ret1(ops, lb);
}

/// Return the 32-bit integer in `eax` as a number (never NaN).
fn bit_result(ops: &mut Ops, lb: &Labels) {
    asm!(ops
        ; xorps xmm0, xmm0
        ; cvtsi2sd xmm0, eax
        ; movq rax, xmm0
    );
    ret1(ops, lb);
}

/// Emit the fast path of `f`; false if it has none (the generic call serves it).
fn fast_function(ops: &mut Ops, lb: &Labels, f: Ff, sse41: bool) -> bool {
    match f {
        Ff::Assert => {
            // Truthy first argument: return all arguments.
            need_args(ops, lb, 1);
            asm!(ops
                ; cmp DWORD [rsi + 4], FALSY_HI
                ; jae =>lb.ff_fallback
                ; xor r8d, r8d
                ; copy:
                ; mov rax, QWORD [rsi + r8 * 8]
                ; mov QWORD [rsi + r8 * 8 - 16], rax
                ; inc r8d
                ; cmp r8d, edx
                ; jb <copy
                ; jmp =>lb.ff_res
            );
        }
        Ff::Type => {
            need_args(ops, lb, 1);
            asm!(ops
                ; mov rax, QWORD [rsi]
                ; shr rax, 47
                ; mov ecx, tag::NUMX as i32
                ; cmp eax, IT_NUMX
                ; jb >name
                ; mov ecx, 0x1ffff
                ; sub ecx, eax
                ; name:
                ; mov rax, QWORD [r12 + rcx * 8 + D_TYPENAME]
            );
            ret1(ops, lb);
        }
        Ff::Select => {
            need_args(ops, lb, 1);
            asm!(ops
                ; mov rax, QWORD [rsi]
                ; cmp rax, QWORD [r12 + D_STRHASH]
                ; je >count
            );
            num_arg(ops, lb, 0);
            asm!(ops
                ; cvttsd2si ecx, QWORD [rsi]
                ; cmp ecx, 1
                ; jl =>lb.ff_fallback
                // Arguments n.. (the selector is argument 0): nargs - n of them.
                ; xor r8d, r8d
                ; copy:
                ; cmp ecx, edx
                ; jae =>lb.ff_res
                ; mov rax, QWORD [rsi + rcx * 8]
                ; mov QWORD [rsi + r8 * 8 - 16], rax
                ; inc ecx
                ; inc r8d
                ; jmp <copy
                ; count:
                ; lea eax, [edx - 1]
                ; xorps xmm0, xmm0
                ; cvtsi2sd xmm0, eax
            );
            retn(ops, lb);
        }
        Ff::Rawget => {
            need_args(ops, lb, 2);
            gc_arg(ops, lb, 0, IT_TAB, 9);
            raw_lookup(ops, lb, 9, 1);
        }
        Ff::Getmetatable => {
            need_args(ops, lb, 1);
            gc_arg(ops, lb, 0, IT_TAB, 9);
            asm!(ops
                ; mov r9, QWORD [r9 + T_META]
                ; test r9, r9
                ; jz >nil
            );
            not_protected(ops, lb);
            asm!(ops
                ; mov rax, QWORD TAB_BITS
                ; or rax, r9
                ; jmp =>lb.ff_res1
                ; nil:
                ; mov rax, -1
            );
            ret1(ops, lb);
        }
        Ff::Setmetatable => {
            need_args(ops, lb, 2);
            // (t, mt or nil); t's current metatable must not be protected.
            gc_arg(ops, lb, 0, IT_TAB, 11);
            asm!(ops
                ; mov r10, QWORD [rsi + 8]
                ; cmp r10, -1
                ; je >checked
                ; sar r10, 47
                ; cmp r10d, IT_TAB - 0x20000
                ; jne =>lb.ff_fallback
                ; checked:
                ; test BYTE [r11 + GC_MARKED], crate::gc::mark::BLACK as i8
                ; jnz =>lb.ff_fallback
                ; mov r9, QWORD [r11 + T_META]
                ; test r9, r9
                ; jz >set
            );
            not_protected(ops, lb);
            asm!(ops
                ; set:
                ; xor r8d, r8d
                ; cmp QWORD [rsi + 8], -1
                ; je >store
                ; mov r8, QWORD [rsi + 8]
            );
            untag(ops, 8);
            asm!(ops
                ; store:
                ; mov QWORD [r11 + T_META], r8
                ; mov rax, QWORD [rsi]
            );
            ret1(ops, lb);
        }
        Ff::Tonumber => {
            asm!(ops
                ; cmp edx, 1
                ; jne =>lb.ff_fallback
                ; cmp DWORD [rsi + 4], NUM_HI
                ; jae >string
                ; mov rax, QWORD [rsi]
                ; jmp =>lb.ff_res1
                ; string:
            );
            rust_part(ops, lb, helpers::ff_tonumber, false);
        }
        Ff::Tostring => rust_part(ops, lb, helpers::ff_tostring, true),
        Ff::Next => rust_part(ops, lb, helpers::ff_next, false),
        Ff::StringSub => rust_part(ops, lb, helpers::ff_sub, true),
        Ff::StringChar => rust_part(ops, lb, helpers::ff_char, true),
        Ff::MathLog => {
            asm!(ops
                ; cmp edx, 1
                ; jne =>lb.ff_fallback
            );
            libm_call(ops, lb, 1, crate::lib::math::ln_c as *const ());
        }
        Ff::MathFmod | Ff::MathPow | Ff::MathAtan2 => {
            let func: extern "C" fn(f64, f64) -> f64 = match f {
                Ff::MathFmod => binary_c::fmod,
                Ff::MathPow => binary_c::pow,
                _ => binary_c::atan2,
            };
            libm_call(ops, lb, 2, func as *const ());
        }
        Ff::Pairs | Ff::Ipairs => {
            // (iterator upvalue, t, nil / 0)
            need_args(ops, lb, 1);
            gc_arg(ops, lb, 0, IT_TAB, 9);
            asm!(ops
                ; mov rax, QWORD [rsi]
                ; mov QWORD [rsi - 8], rax
                ; mov rax, QWORD [rdi + F_UV]
                ; mov QWORD [rsi - 16], rax
            );
            if f == Ff::Pairs {
                asm!(ops ; mov QWORD [rsi], -1);
            } else {
                asm!(ops ; mov QWORD [rsi], 0);
            }
            asm!(ops
                ; mov r8d, 3
                ; jmp =>lb.ff_res
            );
        }
        Ff::IpairsAux => {
            // (t, i): i + 1 and t[i + 1] from the array part, or nil at its first hole.
            need_args(ops, lb, 2);
            gc_arg(ops, lb, 0, IT_TAB, 9);
            num_arg(ops, lb, 1);
            asm!(ops
                ; movsd xmm0, QWORD [rsi + 8]
                ; cvttsd2si rcx, xmm0
                ; xorps xmm1, xmm1
                ; cvtsi2sd xmm1, rcx
                ; ucomisd xmm0, xmm1
                ; jne =>lb.ff_fallback
                ; jp =>lb.ff_fallback
                ; inc rcx
                ; mov eax, DWORD [r9 + T_ASIZE]
                ; cmp rcx, rax
                ; jae =>lb.ff_fallback
                ; mov rax, QWORD [r9 + T_ARRAY]
                ; mov rax, QWORD [rax + rcx * 8]
                ; cmp rax, -1
                ; je =>lb.ff_res1
                ; mov QWORD [rsi - 8], rax
                ; xorps xmm0, xmm0
                ; cvtsi2sd xmm0, rcx
                ; movsd QWORD [rsi - 16], xmm0
                ; mov r8d, 2
                ; jmp =>lb.ff_res
            );
        }
        Ff::MathAbs => {
            need_args(ops, lb, 1);
            num_arg(ops, lb, 0);
            asm!(ops
                ; mov rax, QWORD [rsi]
                ; btr rax, 63
                ; movq xmm0, rax
            );
            retn(ops, lb);
        }
        Ff::MathFloor | Ff::MathCeil if sse41 => {
            need_args(ops, lb, 1);
            num_arg(ops, lb, 0);
            let mode = if f == Ff::MathFloor { 9 } else { 10 };
            asm!(ops
                ; movsd xmm0, QWORD [rsi]
                ; roundsd xmm0, xmm0, mode
            );
            retn(ops, lb);
        }
        Ff::MathSqrt => {
            need_args(ops, lb, 1);
            num_arg(ops, lb, 0);
            asm!(ops
                ; sqrtsd xmm0, QWORD [rsi]
            );
            retn(ops, lb);
        }
        Ff::MathMin | Ff::MathMax => {
            // Keep the first of equal values and skip NaN candidates, as the Rust code does.
            need_args(ops, lb, 1);
            num_arg(ops, lb, 0);
            asm!(ops
                ; movsd xmm0, QWORD [rsi]
                ; mov ecx, 1
                ; next:
                ; cmp ecx, edx
                ; jae =>lb.ff_resn
                ; cmp DWORD [rsi + rcx * 8 + 4], NUM_HI
                ; jae =>lb.ff_fallback
                ; movsd xmm1, QWORD [rsi + rcx * 8]
                ; inc ecx
            );
            if f == Ff::MathMin {
                asm!(ops ; ucomisd xmm0, xmm1);
            } else {
                asm!(ops ; ucomisd xmm1, xmm0);
            }
            asm!(ops
                ; jbe <next
                ; movapd xmm0, xmm1
                ; jmp <next
            );
        }
        Ff::MathSin
        | Ff::MathCos
        | Ff::MathTan
        | Ff::MathAsin
        | Ff::MathAcos
        | Ff::MathAtan
        | Ff::MathSinh
        | Ff::MathCosh
        | Ff::MathTanh
        | Ff::MathExp
        | Ff::MathLog10
        | Ff::MathDeg
        | Ff::MathRad => {
            let func: extern "C" fn(f64) -> f64 = match f {
                Ff::MathSin => unary_c::sin,
                Ff::MathCos => unary_c::cos,
                Ff::MathTan => unary_c::tan,
                Ff::MathAsin => unary_c::asin,
                Ff::MathAcos => unary_c::acos,
                Ff::MathAtan => unary_c::atan,
                Ff::MathSinh => unary_c::sinh,
                Ff::MathCosh => unary_c::cosh,
                Ff::MathTanh => unary_c::tanh,
                Ff::MathExp => unary_c::exp,
                Ff::MathDeg => unary_c::deg,
                Ff::MathRad => unary_c::rad,
                _ => unary_c::log10,
            };
            libm_call(ops, lb, 1, func as *const ());
        }
        Ff::StringLen => {
            need_args(ops, lb, 1);
            gc_arg(ops, lb, 0, IT_STR, 9);
            asm!(ops
                ; mov eax, DWORD [r9 + S_LEN]
                ; xorps xmm0, xmm0
                ; cvtsi2sd xmm0, rax
            );
            retn(ops, lb);
        }
        Ff::StringByte => {
            // byte(s [, i [, j]]) with positive positions (negative ones count from the
            // end: the Rust code does those); j is clipped to the length. At most
            // nargs + 2 results fit where the call's slots are.
            need_args(ops, lb, 1);
            asm!(ops
                ; cmp edx, 3
                ; ja =>lb.ff_fallback
            );
            gc_arg(ops, lb, 0, IT_STR, 9);
            asm!(ops
                ; mov ecx, 1
                ; cmp edx, 2
                ; jb >have_i
            );
            pos_arg(ops, lb, 1, 1);
            asm!(ops
                ; have_i:
                ; mov r8d, ecx
                ; cmp edx, 3
                ; jb >have_j
            );
            pos_arg(ops, lb, 2, 8);
            asm!(ops
                ; have_j:
                ; mov eax, DWORD [r9 + S_LEN]
                ; cmp r8d, eax
                ; jbe >clipped
                ; mov r8d, eax
                ; clipped:
                ; cmp ecx, r8d
                ; ja >none
                ; sub r8d, ecx
                ; inc r8d
                ; lea eax, [edx + 2]
                ; cmp r8d, eax
                ; ja =>lb.ff_fallback
                ; lea r10, [r9 + rcx + (STR_DATA as i32 - 1)]
                ; xor ecx, ecx
                ; copy:
                ; movzx eax, BYTE [r10 + rcx]
                ; xorps xmm0, xmm0
                ; cvtsi2sd xmm0, eax
                ; movsd QWORD [rsi + rcx * 8 - 16], xmm0
                ; inc ecx
                ; cmp ecx, r8d
                ; jb <copy
                ; jmp =>lb.ff_res
                ; none:
                ; xor r8d, r8d
                ; jmp =>lb.ff_res
            );
        }
        Ff::BitTobit | Ff::BitBnot | Ff::BitBswap => {
            need_args(ops, lb, 1);
            bit_arg(ops, lb, 0);
            match f {
                Ff::BitBnot => asm!(ops ; not eax),
                Ff::BitBswap => asm!(ops ; bswap eax),
                _ => {}
            }
            bit_result(ops, lb);
        }
        Ff::BitBand | Ff::BitBor | Ff::BitBxor => {
            need_args(ops, lb, 1);
            bit_arg(ops, lb, 0);
            asm!(ops
                ; mov r8d, eax
                ; mov ecx, 1
                ; next:
                ; cmp ecx, edx
                ; jae >done
                ; cmp DWORD [rsi + rcx * 8 + 4], NUM_HI
                ; jae =>lb.ff_fallback
                ; movsd xmm0, QWORD [rsi + rcx * 8]
                ; inc ecx
            );
            bit_norm(ops);
            match f {
                Ff::BitBand => asm!(ops ; and r8d, eax),
                Ff::BitBor => asm!(ops ; or r8d, eax),
                _ => asm!(ops ; xor r8d, eax),
            }
            asm!(ops
                ; jmp <next
                ; done:
                ; mov eax, r8d
            );
            bit_result(ops, lb);
        }
        Ff::BitLshift | Ff::BitRshift | Ff::BitArshift | Ff::BitRol | Ff::BitRor => {
            need_args(ops, lb, 2);
            bit_arg(ops, lb, 1);
            asm!(ops ; mov r8d, eax);
            bit_arg(ops, lb, 0);
            asm!(ops ; mov ecx, r8d);
            match f {
                Ff::BitLshift => asm!(ops ; shl eax, cl),
                Ff::BitRshift => asm!(ops ; shr eax, cl),
                Ff::BitArshift => asm!(ops ; sar eax, cl),
                Ff::BitRol => asm!(ops ; rol eax, cl),
                _ => asm!(ops ; ror eax, cl),
            }
            bit_result(ops, lb);
        }
        Ff::CoroutineResume => super::coro::resume(ops, lb, false),
        Ff::CoroutineWrapAux => super::coro::resume(ops, lb, true),
        Ff::CoroutineYield => super::coro::yield_(ops, lb),
        _ => return false,
    }
    true
}

/// Call `func` on the first `n` (1 or 2) arguments, all numbers, in xmm0 (and xmm1),
/// and return its number result. rbp, free in the interpreter, keeps rsi.
fn libm_call(ops: &mut Ops, lb: &Labels, n: i32, func: *const ()) {
    need_args(ops, lb, n);
    num_arg(ops, lb, 0);
    asm!(ops ; movsd xmm0, QWORD [rsi]);
    if n == 2 {
        num_arg(ops, lb, 1);
        asm!(ops ; movsd xmm1, QWORD [rsi + 8]);
    }
    asm!(ops
        ; mov rbp, rsi
        ; mov rax, QWORD func as i64
        ; call rax
        ; mov rsi, rbp
    );
    retn(ops, lb);
}

/// Hand the call to a Rust helper (`helpers::FfHelper`), falling back to the native
/// function when it declines. One that `allocates` runs only while no collection is
/// due (the native call path then collects). The argument count waits in the
/// entry's alignment slot at `[rsp]` across the call.
fn rust_part(ops: &mut Ops, lb: &Labels, f: helpers::FfHelper, allocates: bool) {
    need_args(ops, lb, 1);
    if allocates {
        gc_due(ops, lb.ff_fallback, 0, 1);
    }
    asm!(ops
        ; mov DWORD [rsp], edx
        ; mov rbp, rsi
        ; mov rdi, r13
        ; lea rcx, [rsi - 16]
        ; mov rax, QWORD f as *const () as i64
        ; call rax
        ; mov rsi, rbp
        ; mov edx, DWORD [rsp]
        ; test eax, eax
        ; js >decline
        ; mov r8d, eax
        ; jmp =>lb.ff_res
        ; decline:
        ; mov rdi, QWORD [rsi - 16]
    );
    untag(ops, 7);
    asm!(ops ; jmp =>lb.ff_fallback);
}

/// Fall back if the metatable in `r9` has a `__metatable` field.
fn not_protected(ops: &mut Ops, lb: &Labels) {
    asm!(ops
        ; mov r10, QWORD [r12 + D_STRMETA]
        ; mov r8, r10
    );
    untag(ops, 8);
    probe_str_in(ops, 9, 10, 8);
    asm!(ops
        ; cmp QWORD [rax + N_VAL], -1
        ; jne =>lb.ff_fallback
        ; miss:
    );
}

/// Return the raw value of key argument `k` in the table in `r9` (array part or
/// string key; other keys fall back).
fn raw_lookup(ops: &mut Ops, lb: &Labels, t: u8, k: i32) {
    asm!(ops
        ; mov r10, QWORD [rsi + k * 8]
        ; cmp DWORD [rsi + k * 8 + 4], NUM_HI
        ; jae >strkey
        ; movq xmm0, r10
        ; cvttsd2si rcx, xmm0
        ; xorps xmm1, xmm1
        ; cvtsi2sd xmm1, rcx
        ; ucomisd xmm0, xmm1
        ; jne =>lb.ff_fallback
        ; jp =>lb.ff_fallback
        ; mov eax, DWORD [Rq(t) + T_ASIZE]
        ; cmp rcx, rax
        ; jae =>lb.ff_fallback
        ; mov rax, QWORD [Rq(t) + T_ARRAY]
        ; mov rax, QWORD [rax + rcx * 8]
        ; jmp =>lb.ff_res1
        ; strkey:
        ; mov r8, r10
        ; sar r8, 47
        ; cmp r8d, IT_STR - 0x20000
        ; jne =>lb.ff_fallback
        ; mov r8, r10
    );
    untag(ops, 8);
    probe_str_in(ops, t, 10, 8);
    asm!(ops
        ; mov rax, QWORD [rax + N_VAL]
        ; jmp =>lb.ff_res1
        ; miss:
        ; mov rax, -1
    );
    ret1(ops, lb);
}
