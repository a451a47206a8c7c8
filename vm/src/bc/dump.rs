//! The bytecode dump format of `string.dump` and binary chunks: LuaJIT 2.1's, in its
//! GC64 flavour (flag `FR2`), so strix and a GC64 LuaJIT (Debian's `luajit`) read each
//! other's dumps of the same bytecode.
//!
//! Layout: `ESC 'L' 'J' 2`, ULEB128 flags, the chunk name unless stripped, then each
//! prototype (children before parents) as a ULEB128 length and a body, and a zero
//! length to end. Every read is bounds-checked; what comes out still goes through
//! `bc::verify` before the VM runs it, since a dump is untrusted input.

use crate::bc::Ins;
use crate::proto::{KGc, KTable, KValue, ProtoData, VarInfo, PROTO_CHILD, PROTO_FFI, PROTO_VARARG};

const HEAD: [u8; 3] = [0x1b, b'L', b'J'];
const VERSION: u8 = 2;

const F_BE: u64 = 0x01;
const F_STRIP: u64 = 0x02;
const F_FFI: u64 = 0x04;
const F_FR2: u64 = 0x08;

const KGC_CHILD: u64 = 0;
const KGC_TAB: u64 = 1;
const KGC_STR: u64 = 5;

const KTAB_NIL: u64 = 0;
const KTAB_FALSE: u64 = 1;
const KTAB_TRUE: u64 = 2;
const KTAB_INT: u64 = 3;
const KTAB_NUM: u64 = 4;
const KTAB_STR: u64 = 5;

/// The compiler's hidden loop variables, written as one byte (their index + 1) each.
const VARNAMES: [&[u8]; 6] = [
    b"(for index)",
    b"(for limit)",
    b"(for step)",
    b"(for generator)",
    b"(for state)",
    b"(for control)",
];

/// Is this chunk a bytecode dump rather than source text?
pub fn is_dump(src: &[u8]) -> bool {
    src.first() == Some(&HEAD[0])
}

/// Why a dump cannot be loaded, as LuaJIT words it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoadError {
    Malformed,
    Incompatible,
}

impl LoadError {
    pub fn message(self) -> &'static str {
        match self {
            LoadError::Malformed => "cannot load malformed bytecode",
            LoadError::Incompatible => "cannot load incompatible bytecode",
        }
    }
}

/// Serialise a prototype tree; `strip` leaves out the chunk name and debug info.
pub fn write(pd: &ProtoData, strip: bool) -> Vec<u8> {
    let mut out = HEAD.to_vec();
    out.push(VERSION);
    let mut flags = F_FR2;
    if strip {
        flags |= F_STRIP;
    }
    if uses_ffi(pd) {
        flags |= F_FFI;
    }
    uleb(&mut out, flags);
    if !strip {
        uleb(&mut out, pd.chunkname.len() as u64);
        out.extend_from_slice(&pd.chunkname);
    }
    write_proto(&mut out, pd, strip);
    out.push(0);
    out
}

fn uses_ffi(pd: &ProtoData) -> bool {
    pd.flags & PROTO_FFI != 0
        || pd
            .kgc
            .iter()
            .any(|k| matches!(k, KGc::Proto(c) if uses_ffi(c)))
}

fn write_proto(out: &mut Vec<u8>, pd: &ProtoData, strip: bool) {
    // Children first, in constant order: the reader keeps them on a stack and the
    // parent's constants, read from the last one down, pop them back in order.
    for k in &pd.kgc {
        if let KGc::Proto(child) = k {
            write_proto(out, child, strip);
        }
    }
    let mut b = vec![
        pd.flags & (PROTO_CHILD | PROTO_VARARG | PROTO_FFI),
        pd.numparams,
        pd.framesize,
        pd.uv.len() as u8,
    ];
    uleb(&mut b, pd.kgc.len() as u64);
    uleb(&mut b, pd.knum.len() as u64);
    uleb(&mut b, pd.bc.len().saturating_sub(1) as u64);
    let dbg = if strip { Vec::new() } else { debug_info(pd) };
    if !strip {
        uleb(&mut b, dbg.len() as u64);
        if !dbg.is_empty() {
            uleb(&mut b, pd.firstline as u64);
            uleb(&mut b, pd.numline as u64);
        }
    }
    for ins in pd.bc.iter().skip(1) {
        b.extend_from_slice(&ins.to_le_bytes());
    }
    for uv in &pd.uv {
        b.extend_from_slice(&uv.to_le_bytes());
    }
    for k in pd.kgc.iter().rev() {
        match k {
            KGc::Proto(_) => uleb(&mut b, KGC_CHILD),
            KGc::Str(s) => {
                uleb(&mut b, KGC_STR + s.len() as u64);
                b.extend_from_slice(s);
            }
            KGc::Table(t) => {
                uleb(&mut b, KGC_TAB);
                uleb(&mut b, t.array.len() as u64);
                // Keys kept with nil values only size the table; LuaJIT writes none.
                let live = || t.hash.iter().filter(|(_, v)| *v != KValue::Nil);
                uleb(&mut b, live().count() as u64);
                for v in &t.array {
                    write_kvalue(&mut b, v, true);
                }
                for (k, v) in live() {
                    // Number keys stay doubles, as LuaJIT writes them.
                    write_kvalue(&mut b, k, false);
                    write_kvalue(&mut b, v, true);
                }
            }
        }
    }
    for &n in &pd.knum {
        match as_int(n) {
            Some(i) => uleb(&mut b, (i as u32 as u64) << 1),
            None => {
                let bits = n.to_bits();
                uleb(&mut b, ((bits as u32 as u64) << 1) | 1);
                uleb(&mut b, bits >> 32);
            }
        }
    }
    b.extend_from_slice(&dbg);
    uleb(out, b.len() as u64);
    out.extend_from_slice(&b);
}

/// Line deltas of `bc[1..]` (1, 2 or 4 bytes each, by the span of lines), upvalue
/// names, then variable names with their pc ranges; empty if there is no line info.
fn debug_info(pd: &ProtoData) -> Vec<u8> {
    let mut d = Vec::new();
    if pd.lineinfo.len() != pd.bc.len() {
        return d;
    }
    for &line in pd.lineinfo.iter().skip(1) {
        let delta = line.wrapping_sub(pd.firstline);
        match line_width(pd.numline) {
            1 => d.push(delta as u8),
            2 => d.extend_from_slice(&(delta as u16).to_le_bytes()),
            _ => d.extend_from_slice(&delta.to_le_bytes()),
        }
    }
    for name in &pd.uvnames {
        d.extend_from_slice(name);
        d.push(0);
    }
    let mut lastpc = 0;
    for v in &pd.varinfo {
        match VARNAMES.iter().position(|n| *n == v.name.as_slice()) {
            Some(i) => d.push(i as u8 + 1),
            None => {
                d.extend_from_slice(&v.name);
                d.push(0);
            }
        }
        uleb(&mut d, v.startpc.wrapping_sub(lastpc) as u64);
        uleb(&mut d, v.endpc.wrapping_sub(v.startpc) as u64);
        lastpc = v.startpc;
    }
    d.push(0);
    d
}

fn line_width(numline: u32) -> usize {
    if numline < 256 {
        1
    } else if numline < 65536 {
        2
    } else {
        4
    }
}

/// A number constant stored as an integer (-0 never is: it is not an integer key).
fn as_int(n: f64) -> Option<i32> {
    let i = n as i32;
    (i as f64 == n && !(n == 0.0 && n.is_sign_negative())).then_some(i)
}

/// A template table entry; `narrow` stores integral numbers as integers.
fn write_kvalue(b: &mut Vec<u8>, v: &KValue, narrow: bool) {
    match v {
        KValue::Nil => uleb(b, KTAB_NIL),
        KValue::False => uleb(b, KTAB_FALSE),
        KValue::True => uleb(b, KTAB_TRUE),
        KValue::Num(n) => match as_int(*n).filter(|_| narrow) {
            Some(i) => {
                uleb(b, KTAB_INT);
                uleb(b, i as u32 as u64);
            }
            None => {
                uleb(b, KTAB_NUM);
                uleb(b, n.to_bits() & 0xffff_ffff);
                uleb(b, n.to_bits() >> 32);
            }
        },
        KValue::Str(s) => {
            uleb(b, KTAB_STR + s.len() as u64);
            b.extend_from_slice(s);
        }
    }
}

fn uleb(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Parse a dump. `chunkname` names the chunk when the dump is stripped of its own.
pub fn read(src: &[u8], chunkname: &[u8]) -> Result<ProtoData, LoadError> {
    let mut r = Reader { buf: src, pos: 0 };
    if r.bytes(3).ok() != Some(&HEAD[..]) || r.byte().ok() != Some(VERSION) {
        return Err(LoadError::Incompatible);
    }
    let flags = r.uleb().map_err(|_| LoadError::Incompatible)?;
    // Big-endian dumps, FFI constants (strix has no FFI yet) and non-FR2 frame
    // layouts are bytecode this VM cannot run.
    if flags & !(F_STRIP | F_FFI | F_FR2) != 0 || flags & (F_BE | F_FFI) != 0 || flags & F_FR2 == 0
    {
        return Err(LoadError::Incompatible);
    }
    let strip = flags & F_STRIP != 0;
    let name = if strip {
        // A stripped dump is named by the loader's argument, up to a NUL as in C.
        let end = chunkname
            .iter()
            .position(|&c| c == 0)
            .unwrap_or(chunkname.len());
        chunkname[..end].to_vec()
    } else {
        let n = r.len()?;
        r.bytes(n)?.to_vec()
    };
    // Prototypes read so far with their nesting depth, waiting for their parent.
    let mut stack: Vec<(ProtoData, usize)> = Vec::new();
    loop {
        let len = r.len()?;
        if len == 0 {
            break;
        }
        let body = r.bytes(len)?;
        let mut pr = Reader { buf: body, pos: 0 };
        let pd = read_proto(&mut pr, &name, strip, &mut stack)?;
        if pr.pos != body.len() {
            return Err(LoadError::Malformed);
        }
        stack.push(pd);
    }
    if r.pos != src.len() || stack.len() != 1 {
        return Err(LoadError::Malformed);
    }
    stack.pop().map(|(pd, _)| pd).ok_or(LoadError::Malformed)
}

fn read_proto(
    r: &mut Reader,
    name: &[u8],
    strip: bool,
    stack: &mut Vec<(ProtoData, usize)>,
) -> Result<(ProtoData, usize), LoadError> {
    let flags = r.byte()?;
    if flags & PROTO_FFI != 0 {
        return Err(LoadError::Incompatible);
    }
    let numparams = r.byte()?;
    let framesize = r.byte()?;
    let sizeuv = r.byte()? as usize;
    let sizekgc = r.len()?;
    let sizekn = r.len()?;
    let sizebc = r.len()? + 1;
    let (mut sizedbg, mut firstline, mut numline) = (0, 0, 0);
    if !strip {
        sizedbg = r.len()?;
        if sizedbg > 0 {
            firstline = r.u32()?;
            numline = r.u32()?;
        }
    }
    // The header instruction is not stored: it is implied by the vararg flag.
    let head = if flags & PROTO_VARARG != 0 {
        crate::bc::ins_ad(crate::bc::Op::FUNCV, framesize as u32, 0)
    } else {
        crate::bc::ins_ad(crate::bc::Op::FUNCF, framesize as u32, 0)
    };
    let mut bc: Vec<Ins> = Vec::with_capacity(sizebc.min(r.remaining() / 4 + 1));
    bc.push(head);
    for _ in 1..sizebc {
        let b = r.bytes(4)?;
        bc.push(u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
    }
    let mut uv = Vec::with_capacity(sizeuv);
    for _ in 0..sizeuv {
        let b = r.bytes(2)?;
        uv.push(u16::from_le_bytes([b[0], b[1]]));
    }
    let mut kgc = Vec::with_capacity(sizekgc.min(r.remaining()));
    let mut depth = 0;
    for _ in 0..sizekgc {
        let tp = r.uleb()?;
        kgc.push(match tp {
            KGC_CHILD => {
                let (child, d) = stack.pop().ok_or(LoadError::Malformed)?;
                // Bounded here, since loading, verifying and dropping recurse on it.
                depth = depth.max(d + 1);
                if depth > crate::bc::verify::MAX_DEPTH {
                    return Err(LoadError::Malformed);
                }
                KGc::Proto(Box::new(child))
            }
            KGC_TAB => {
                let narray = r.len()?;
                let nhash = r.len()?;
                let mut t = KTable::default();
                for _ in 0..narray {
                    t.array.push(read_kvalue(r)?);
                }
                for _ in 0..nhash {
                    let k = read_kvalue(r)?;
                    t.hash.push((k, read_kvalue(r)?));
                }
                KGc::Table(t)
            }
            KGC_STR.. => {
                let n = usize::try_from(tp - KGC_STR).map_err(|_| LoadError::Malformed)?;
                KGc::Str(r.bytes(n)?.to_vec())
            }
            // 64-bit integer and complex cdata constants need the FFI.
            _ => return Err(LoadError::Incompatible),
        });
    }
    kgc.reverse();
    let mut knum = Vec::with_capacity(sizekn.min(r.remaining()));
    for _ in 0..sizekn {
        let v = r.uleb()?;
        let lo = (v >> 1) as u32;
        if v >> 33 != 0 {
            return Err(LoadError::Malformed);
        }
        knum.push(if v & 1 == 0 {
            lo as i32 as f64
        } else {
            let hi = r.u32()?;
            f64::from_bits((hi as u64) << 32 | lo as u64)
        });
    }
    let mut pd = ProtoData {
        chunkname: name.to_vec(),
        firstline,
        numline,
        numparams,
        framesize,
        flags: flags & (PROTO_CHILD | PROTO_VARARG | PROTO_FFI),
        bc,
        lineinfo: Vec::new(),
        kgc,
        knum,
        uv,
        uvnames: Vec::new(),
        varinfo: Vec::new(),
    };
    if sizedbg > 0 {
        let d = r.bytes(sizedbg)?;
        read_debug(&mut Reader { buf: d, pos: 0 }, &mut pd)?;
    }
    Ok((pd, depth))
}

fn read_debug(r: &mut Reader, pd: &mut ProtoData) -> Result<(), LoadError> {
    let w = line_width(pd.numline);
    pd.lineinfo.push(pd.firstline);
    for _ in 1..pd.bc.len() {
        let b = r.bytes(w)?;
        let delta = match w {
            1 => b[0] as u32,
            2 => u16::from_le_bytes([b[0], b[1]]) as u32,
            _ => u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
        };
        pd.lineinfo.push(pd.firstline.wrapping_add(delta));
    }
    for _ in 0..pd.uv.len() {
        pd.uvnames.push(r.cstr()?.to_vec());
    }
    let mut lastpc = 0u32;
    loop {
        let first = r.peek()?;
        if first == 0 {
            r.pos += 1;
            break;
        }
        let name = if (first as usize) <= VARNAMES.len() {
            r.pos += 1;
            VARNAMES[first as usize - 1].to_vec()
        } else {
            r.cstr()?.to_vec()
        };
        let startpc = lastpc.checked_add(r.u32()?).ok_or(LoadError::Malformed)?;
        let endpc = startpc.checked_add(r.u32()?).ok_or(LoadError::Malformed)?;
        lastpc = startpc;
        pd.varinfo.push(VarInfo {
            name,
            startpc,
            endpc,
        });
    }
    if r.pos != r.buf.len() {
        return Err(LoadError::Malformed);
    }
    Ok(())
}

fn read_kvalue(r: &mut Reader) -> Result<KValue, LoadError> {
    Ok(match r.uleb()? {
        KTAB_NIL => KValue::Nil,
        KTAB_FALSE => KValue::False,
        KTAB_TRUE => KValue::True,
        KTAB_INT => KValue::Num(r.u32()? as i32 as f64),
        KTAB_NUM => {
            let lo = r.u32()? as u64;
            let hi = r.u32()? as u64;
            KValue::Num(f64::from_bits(hi << 32 | lo))
        }
        tp => {
            let n = usize::try_from(tp - KTAB_STR).map_err(|_| LoadError::Malformed)?;
            KValue::Str(r.bytes(n)?.to_vec())
        }
    })
}

/// A bounds-checked cursor; running off the end is a malformed dump.
struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }
    fn peek(&self) -> Result<u8, LoadError> {
        self.buf.get(self.pos).copied().ok_or(LoadError::Malformed)
    }
    fn byte(&mut self) -> Result<u8, LoadError> {
        let b = self.peek()?;
        self.pos += 1;
        Ok(b)
    }
    fn bytes(&mut self, n: usize) -> Result<&'a [u8], LoadError> {
        if n > self.remaining() {
            return Err(LoadError::Malformed);
        }
        let s = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }
    fn cstr(&mut self) -> Result<&'a [u8], LoadError> {
        let rest = &self.buf[self.pos..];
        let n = rest
            .iter()
            .position(|&c| c == 0)
            .ok_or(LoadError::Malformed)?;
        self.pos += n + 1;
        Ok(&rest[..n])
    }
    fn uleb(&mut self) -> Result<u64, LoadError> {
        let mut v = 0u64;
        let mut shift = 0;
        loop {
            let b = self.byte()?;
            if shift >= 64 || (shift == 63 && b > 1) {
                return Err(LoadError::Malformed);
            }
            v |= ((b & 0x7f) as u64) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
            shift += 7;
        }
    }
    fn u32(&mut self) -> Result<u32, LoadError> {
        u32::try_from(self.uleb()?).map_err(|_| LoadError::Malformed)
    }
    /// A count or length: bounded by what is left, so no size in a dump makes us
    /// reserve more than the dump itself could fill.
    fn len(&mut self) -> Result<usize, LoadError> {
        let n = self.uleb()?;
        usize::try_from(n)
            .ok()
            .filter(|&n| n <= self.buf.len())
            .ok_or(LoadError::Malformed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compile(src: &str) -> ProtoData {
        crate::parse::parse(src.as_bytes(), b"=test").expect("test source compiles")
    }

    #[test]
    fn round_trips_with_and_without_debug_info() {
        let pd = compile(
            "local t = {1, 2.5, 'x', k = true, [3] = -7} \
             local function f(a, ...) for i = 1, a do t[i] = i * 1e300 end \
             for k, v in pairs(t) do a = a .. k end return a, ... end \
             return f, 0x7fffffff, -0x80000000, 2^31, 1/3, 'a\\0b'",
        );
        let full = write(&pd, false);
        assert_eq!(read(&full, b"ignored"), Ok(pd.clone()));
        let stripped = read(&write(&pd, true), b"=given\0rest").expect("stripped dump loads");
        assert_eq!(stripped.chunkname, b"=given");
        assert!(stripped.lineinfo.is_empty() && stripped.varinfo.is_empty());
        assert_eq!(stripped.bc, pd.bc);
        assert_eq!(stripped.knum, pd.knum);
        assert_eq!(stripped.kgc.len(), pd.kgc.len());
    }

    #[test]
    fn rejects_damage_without_panicking() {
        let dump = write(&compile("local x = ... return x + 1, 'str', {1, 2}"), false);
        for cut in 0..dump.len() {
            assert!(
                read(&dump[..cut], b"x").is_err(),
                "prefix of {cut} bytes loaded"
            );
        }
        let mut extra = dump.clone();
        extra.push(0);
        assert_eq!(read(&extra, b"x"), Err(LoadError::Malformed));
        // Every single-bit corruption is rejected, or reads into a tree that either
        // fails verification or dumps back to the same bytes (as the fuzz target checks).
        for i in 0..dump.len() {
            for bit in 0..8 {
                let mut d = dump.clone();
                d[i] ^= 1 << bit;
                if let Ok(pd) = read(&d, b"x") {
                    if crate::bc::verify::verify_main(&pd).is_ok() {
                        let once = write(&pd, false);
                        let again = read(&once, b"x").map(|p| write(&p, false));
                        assert_eq!(again.as_ref(), Ok(&once));
                    }
                }
            }
        }
        assert_eq!(read(b"\x1bLJ\x01\x08", b"x"), Err(LoadError::Incompatible));
        assert_eq!(read(b"\x1bLJ\x02\x02", b"x"), Err(LoadError::Incompatible));
    }
}
