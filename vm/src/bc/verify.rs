//! A bytecode verifier for prototypes that did not come from our compiler (loaded
//! dumps). The interpreters trust bytecode the way LuaJIT's do: registers inside the
//! frame, constants of the right kind, jumps inside the function, a `JMP` after every
//! comparison, `MULTRES` set before the ops that consume it. A dump is untrusted input,
//! so it must prove all of that here before it runs; what our compiler emits always does.

use super::{bc_a, bc_b, bc_c, bc_d, bc_j, bc_op, Ins, Mode, Op};
use crate::proto::{KGc, ProtoData, PROTO_VARARG, UV_LOCAL};

/// Most registers a frame may have (LuaJIT's `LJ_MAX_SLOTS`).
pub const MAX_SLOTS: u32 = 250;
/// Most upvalues a function may have.
pub const MAX_UPVAL: usize = 60;
/// Deepest function nesting accepted.
pub const MAX_DEPTH: usize = 200;

/// Check a prototype tree loaded as a main chunk (its upvalues are fresh and closed).
pub fn verify_main(pd: &ProtoData) -> Result<(), String> {
    verify(pd, None, 0)
}

/// The parent's frame size and upvalue count, for checking a child's upvalue descriptors.
type Parent = (u32, usize);

fn verify(pd: &ProtoData, parent: Option<Parent>, depth: usize) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err("functions nested too deeply".into());
    }
    let fs = pd.framesize as u32;
    if fs > MAX_SLOTS || pd.numparams as u32 > fs {
        return Err("frame size out of range".into());
    }
    if pd.uv.len() > MAX_UPVAL || (!pd.uvnames.is_empty() && pd.uvnames.len() != pd.uv.len()) {
        return Err("bad upvalue count".into());
    }
    if !pd.lineinfo.is_empty() && pd.lineinfo.len() != pd.bc.len() {
        return Err("bad line info".into());
    }
    if let Some((pfs, puv)) = parent {
        for &d in &pd.uv {
            let ok = if d & UV_LOCAL != 0 {
                ((d & 0xff) as u32) < pfs
            } else {
                (d as usize) < puv
            };
            if !ok {
                return Err("upvalue refers outside its parent".into());
            }
        }
    }
    let n = pd.bc.len();
    if n < 2 {
        return Err("empty function".into());
    }
    let head = Op::from_u8(bc_op(pd.bc[0]));
    let want = if pd.flags & PROTO_VARARG != 0 {
        Op::FUNCV
    } else {
        Op::FUNCF
    };
    if head != Some(want) {
        return Err("bad function header".into());
    }
    // How many jumps land on each instruction.
    let mut target = vec![0u32; n];
    for pc in 1..n {
        let ins = pd.bc[pc];
        let op = Op::from_u8(bc_op(ins)).ok_or("invalid opcode")?;
        check_ins(pd, pc, ins, op)?;
        if op.modes()[2] == Mode::Jump {
            let t = pc as i64 + 1 + bc_j(ins) as i64;
            if t < 1 || t >= n as i64 {
                return Err(format!("jump out of range at {pc}"));
            }
            target[t as usize] += 1;
        }
    }
    // The last instruction must not fall off the end of the function.
    if !matches!(
        Op::from_u8(bc_op(pd.bc[n - 1])),
        Some(Op::RET | Op::RET0 | Op::RET1 | Op::RETM | Op::JMP | Op::CALLT | Op::CALLMT)
    ) {
        return Err("function does not end in a return or jump".into());
    }
    for (pc, &ins) in pd.bc.iter().enumerate().skip(1) {
        let op = Op::from_u8(bc_op(ins)).ok_or("invalid opcode")?;
        // Ops reading MULTRES need it set by the instruction just before, for exactly
        // the slot where their variable part starts, and cannot be jumped to. An UCLO
        // that only closes upvalues and falls through (the compiler's `return f(...)`
        // in a scope with captured locals) may stand in between: it keeps MULTRES.
        let start = match op {
            Op::CALLM => Some(bc_a(ins) + 2 + bc_c(ins)),
            Op::CALLMT => Some(bc_a(ins) + 2 + bc_d(ins)),
            Op::RETM => Some(bc_a(ins) + bc_d(ins)),
            Op::TSETM => Some(bc_a(ins)),
            _ => None,
        };
        if let Some(start) = start {
            let mut setter = pc - 1;
            let mut jumps_in = target[pc];
            let before = pd.bc[setter];
            if bc_op(before) == Op::UCLO as u8 && bc_j(before) == 0 && setter > 1 {
                // The UCLO's own jump is the one landing here; nothing may land on it.
                jumps_in = jumps_in - 1 + target[setter];
                setter -= 1;
            }
            let prev = pd.bc[setter];
            let sets = matches!(
                Op::from_u8(bc_op(prev)),
                Some(Op::CALL | Op::CALLM | Op::VARG)
            ) && bc_b(prev) == 0;
            if jumps_in > 0 || !sets || bc_a(prev) != start {
                return Err(format!("{} without MULTRES at {pc}", op.name()));
            }
        }
        if op == Op::ISNEXT {
            let t = (pc as i64 + 1 + bc_j(ins) as i64) as usize;
            if !matches!(Op::from_u8(bc_op(pd.bc[t])), Some(Op::ITERN | Op::ITERC))
                || bc_a(pd.bc[t]) != bc_a(ins)
            {
                return Err(format!("ISNEXT without its ITERN at {pc}"));
            }
        }
    }
    for k in &pd.kgc {
        if let KGc::Proto(child) = k {
            verify(child, Some((fs, pd.uv.len())), depth + 1)?;
        }
    }
    Ok(())
}

fn check_ins(pd: &ProtoData, pc: usize, ins: Ins, op: Op) -> Result<(), String> {
    let fs = pd.framesize as u32;
    let (a, b, c, d) = (bc_a(ins), bc_b(ins), bc_c(ins), bc_d(ins));
    let bad = || Err(format!("bad operand in {} at {pc}", op.name()));
    let next_is = |ops: &[Op]| {
        pd.bc
            .get(pc + 1)
            .and_then(|&i| Op::from_u8(bc_op(i)))
            .is_some_and(|o| ops.contains(&o))
    };
    let modes = op.modes();
    // Generic operand checks by mode.
    let operands = [
        (modes[0], a),
        (modes[1], b),
        (modes[2], if op.has_b() { c } else { d }),
    ];
    for (mode, v) in operands {
        let ok = match mode {
            Mode::Dst | Mode::Var => v < fs,
            Mode::Uv => (v as usize) < pd.uv.len(),
            Mode::Pri => v <= 2,
            Mode::Num => (v as usize) < pd.knum.len(),
            Mode::Str => matches!(pd.kgc.get(v as usize), Some(KGc::Str(_))),
            Mode::Tab => matches!(pd.kgc.get(v as usize), Some(KGc::Table(_))),
            Mode::Func => matches!(pd.kgc.get(v as usize), Some(KGc::Proto(_))),
            Mode::Cdata => false,
            _ => true,
        };
        if !ok {
            return bad();
        }
    }
    // Ranges and op-specific rules.
    let ok = match op {
        Op::ISLT
        | Op::ISGE
        | Op::ISLE
        | Op::ISGT
        | Op::ISEQV
        | Op::ISNEV
        | Op::ISEQS
        | Op::ISNES
        | Op::ISEQN
        | Op::ISNEN
        | Op::ISEQP
        | Op::ISNEP
        | Op::ISTC
        | Op::ISFC
        | Op::IST
        | Op::ISF => next_is(&[Op::JMP]),
        Op::CAT => b < c && c < fs,
        Op::KNIL => a <= d && d < fs,
        Op::TSETM => a >= 1 && a <= fs,
        // Function at A, link at A+1, fixed arguments from A+2, results from A.
        Op::CALL => a + c.max(1) < fs && a + b <= fs + 1,
        Op::CALLM => a + 1 + c < fs && a + b <= fs + 1,
        Op::CALLT => a + d.max(1) < fs,
        Op::CALLMT => a + 1 + d < fs,
        Op::ITERC | Op::ITERN => {
            a >= 3
                && a + 4 <= fs
                && a + b <= fs + 1
                && (op == Op::ITERC || next_is(&[Op::ITERL, Op::IITERL]))
        }
        Op::ISNEXT => a >= 3 && a <= fs,
        Op::VARG => pd.flags & PROTO_VARARG != 0 && c == pd.numparams as u32 && a + b <= fs + 1,
        Op::RETM => a + d <= fs,
        Op::RET | Op::RET0 | Op::RET1 => d >= 1 && a + d <= fs + 1,
        Op::FORI | Op::FORL | Op::IFORL => a + 4 <= fs,
        Op::ITERL | Op::IITERL => a >= 1 && a < fs,
        Op::UCLO | Op::LOOP | Op::ILOOP | Op::JMP => a <= fs,
        // No traces, no FFI, and a function header only at the start.
        Op::JFORI
        | Op::JFORL
        | Op::JITERL
        | Op::JLOOP
        | Op::FUNCF
        | Op::IFUNCF
        | Op::JFUNCF
        | Op::FUNCV
        | Op::IFUNCV
        | Op::JFUNCV
        | Op::FUNCC
        | Op::FUNCCW
        | Op::KCDATA => false,
        _ => true,
    };
    if ok {
        Ok(())
    } else {
        bad()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bc::{ins_abc, ins_ad, set_d};

    fn compile(src: &str) -> ProtoData {
        crate::parse::parse(src.as_bytes(), b"=test").expect("test source compiles")
    }

    /// Everything our compiler produces for the Lua files of the test suite verifies.
    #[test]
    fn accepts_the_compilers_output() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../testsuite");
        let mut stack = vec![std::path::PathBuf::from(root)];
        let mut seen = 0;
        while let Some(p) = stack.pop() {
            let Ok(rd) = std::fs::read_dir(&p) else {
                continue;
            };
            for e in rd.flatten() {
                let path = e.path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|x| x == "lua") {
                    let src = std::fs::read(&path).unwrap_or_default();
                    if let Ok(pd) = crate::parse::parse(&src, b"=t") {
                        verify_main(&pd).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                        seen += 1;
                    }
                }
            }
        }
        assert!(seen > 20, "only {seen} files checked");
    }

    #[test]
    fn rejects_unsafe_bytecode() {
        let base = compile("local a, b = ... return a + b");
        assert_eq!(verify_main(&base), Ok(()));
        let with = |f: &dyn Fn(&mut ProtoData)| {
            let mut pd = base.clone();
            f(&mut pd);
            verify_main(&pd)
        };
        // A register outside the frame.
        assert!(with(&|pd| pd.bc.insert(1, ins_ad(Op::MOV, 200, 0))).is_err());
        // A string operand that is a number index.
        assert!(with(&|pd| pd.bc.insert(1, ins_ad(Op::KSTR, 0, 7))).is_err());
        // A primitive that is not nil/false/true.
        assert!(with(&|pd| pd.bc.insert(1, ins_ad(Op::KPRI, 0, 9))).is_err());
        // Falling off the end.
        assert!(with(&|pd| {
            pd.bc.pop();
        })
        .is_err());
        // A comparison without its JMP.
        assert!(with(&|pd| pd.bc.insert(1, ins_ad(Op::ISLT, 0, 1))).is_err());
        // A jump outside the function.
        assert!(with(&|pd| {
            let mut j = ins_ad(Op::JMP, 0, 0);
            set_d(&mut j, 0x8000 + 100);
            pd.bc.insert(1, j);
        })
        .is_err());
        // RETM with nothing setting MULTRES.
        assert!(with(&|pd| pd.bc.insert(1, ins_ad(Op::RETM, 0, 0))).is_err());
        // VARG in a fixed-argument function.
        let fixed = compile("local function f(a) return a end return f");
        let KGc::Proto(child) = &fixed.kgc[0] else {
            panic!("child proto expected")
        };
        let mut c = (**child).clone();
        c.bc.insert(1, ins_abc(Op::VARG, 0, 2, 1));
        assert!(verify(&c, Some((8, 0)), 1).is_err());
        // A child whose upvalue points past its parent's frame.
        let up = compile("local x = 1 return function() return x end");
        let KGc::Proto(child) = &up.kgc[0] else {
            panic!("child proto expected")
        };
        assert_eq!(verify(child, Some((up.framesize as u32, 0)), 1), Ok(()));
        assert!(verify(child, Some((0, 0)), 1).is_err());
    }
}
