//! The io library, as LuaJIT 2.1 has it: files are userdata over C streams sharing one
//! metatable, with a default input and output that `io.read`/`io.write` use.

mod stream;

pub use stream::{flush_all, Std, Stream};

use super::Reg;
use crate::func::FF_C;
use crate::gc::{self, GcHeader};
use crate::state::{LResult, LuaState};
use crate::tab::{self, GcTab};
use crate::udata::{self, GcUdata, UDATA_HDR, UDTYPE_IO_FILE};
use crate::value::{tag, TValue};
use stream::{Buffering, Errno, Whence};

/// Payload of a file userdata: the stream (null once closed) and what kind of file it is.
#[repr(C)]
struct FileUd {
    fp: *mut libc::FILE,
    kind: u32,
}

const KIND_FILE: u32 = 0;
const KIND_PIPE: u32 = 1;
const KIND_STD: u32 = 2;
const KIND_MASK: u32 = 3;
/// Opened by `io.lines(name)`: its iterator closes it at end of file.
const FLAG_CLOSE: u32 = 4;

/// Registry key of the io state table. It lives in the registry rather than in the
/// functions' upvalues, so that `io.*` functions have no upvalues, as in LuaJIT.
const STATE_KEY: &str = "_IO_STATE";

/// Slots of the io state table (registry `_IO_STATE`).
const ST_META: i64 = 0;
const ST_INPUT: i64 = 1;
const ST_OUTPUT: i64 = 2;

/// Most values a `lines` iterator can hold (the file and its formats), as in LuaJIT.
const MAX_LINES_UPVALUES: usize = 60;

/// The C library's `BUFSIZ`, `setvbuf`'s default size.
const BUFSIZ: i64 = 8192;

const FUNCS: &[(&str, crate::func::NativeFn)] = &[
    ("close", io_close),
    ("flush", io_flush),
    ("input", io_input),
    ("lines", io_lines),
    ("open", io_open),
    ("output", io_output),
    ("popen", io_popen),
    ("read", io_read),
    ("tmpfile", io_tmpfile),
    ("type", io_type),
    ("write", io_write),
];

const METHODS: &[Reg] = &[
    ("close", f_close, FF_C),
    ("flush", f_flush, FF_C),
    ("lines", f_lines, FF_C),
    ("read", f_read, FF_C),
    ("seek", f_seek, FF_C),
    ("setvbuf", f_setvbuf, FF_C),
    ("write", f_write, FF_C),
    ("__gc", f_gc, FF_C),
    ("__tostring", f_tostring, FF_C),
];

pub fn open(l: &mut LuaState) {
    let io = l.register_lib(Some("io"), &[]);
    let mt = l.new_table(0, 4);
    for (name, f, ffid) in METHODS {
        let fv = l.new_native(*f, *ffid);
        l.set_field(mt, name, fv);
    }
    l.set_field(mt, "__index", TValue::gc(tag::TAB, mt as *const GcHeader));
    let st = l.new_table(3, 0);
    tab::set_int(
        l.g(),
        st,
        ST_META,
        TValue::gc(tag::TAB, mt as *const GcHeader),
    );
    for (name, which, slot) in [
        ("stdin", Std::In, Some(ST_INPUT)),
        ("stdout", Std::Out, Some(ST_OUTPUT)),
        ("stderr", Std::Err, None),
    ] {
        let f = new_file_mt(l, mt, Stream::std(which), KIND_STD);
        l.set_field(io, name, f);
        if let Some(slot) = slot {
            tab::set_int(l.g(), st, slot, f);
        }
    }
    let stv = TValue::gc(tag::TAB, st as *const GcHeader);
    let reg: *mut GcTab = l.g().registry.ptr();
    l.set_field(reg, STATE_KEY, stv);
    for (name, f) in FUNCS {
        let fv = l.new_native_closure(*f, &[]);
        l.set_field(io, name, fv);
    }
}

/// Write bytes to the process's stdout, through the buffer `io.stdout` uses. Errors (a
/// closed pipe) are dropped, as C's `print` drops them.
pub fn write_stdout(b: &[u8]) {
    let _ = Stream::std(Std::Out).write(b);
}

/// Flush the process's stdout (before an error report goes to stderr).
pub fn flush_stdout() {
    let _ = Stream::std(Std::Out).flush();
}

/// Read one line from the process's stdin (newline kept); None at end of input.
pub fn read_stdin_line() -> Option<Vec<u8>> {
    let mut out = Vec::new();
    match Stream::std(Std::In).read_line(&mut out, true) {
        Ok(true) => Some(out),
        _ => None,
    }
}

/// Read the rest of the process's stdin (scripts and `loadfile()` from stdin).
pub fn read_stdin_all() -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    match Stream::std(Std::In).read_all(&mut out) {
        Ok(()) => Ok(out),
        Err(e) => Err(String::from_utf8_lossy(&stream::strerror(e)).into_owned()),
    }
}

/// The C library's wording for an I/O error ("No such file or directory").
pub fn os_error_text(e: &std::io::Error) -> String {
    match e.raw_os_error() {
        Some(code) => String::from_utf8_lossy(&stream::strerror(code)).into_owned(),
        None => e.to_string(),
    }
}

// ---- File handles ----

/// A new file userdata over `s` with metatable `mt`.
fn new_file_mt(l: &mut LuaState, mt: *mut GcTab, s: Stream, kind: u32) -> TValue {
    let env = l.env;
    let u = udata::new(l.g(), std::mem::size_of::<FileUd>() as u32, env);
    // SAFETY: u is fresh with room for a FileUd payload after the header.
    unsafe {
        (*u).udtype = UDTYPE_IO_FILE;
        (*u).metatable = mt;
        let f = (u as *mut u8).add(UDATA_HDR) as *mut FileUd;
        (*f).fp = s.as_ptr();
        (*f).kind = kind;
    }
    TValue::gc(tag::UDATA, u as *const GcHeader)
}

/// The table of io state (metatable, default files), from the registry.
fn io_state(l: &mut LuaState) -> LResult<*mut GcTab> {
    let reg: *mut GcTab = l.g().registry.ptr();
    let st = l.get_field(reg, STATE_KEY);
    if st.is_tab() {
        Ok(st.ptr())
    } else {
        Err(l.caller_error(b"io function without its state"))
    }
}

/// A new file handle, from a running `io.*` function.
fn new_file(l: &mut LuaState, s: Stream, kind: u32) -> LResult<TValue> {
    let st = io_state(l)?;
    let mt = tab::get_int(st, ST_META);
    if !mt.is_tab() {
        return Err(l.caller_error(b"io function without its state"));
    }
    Ok(new_file_mt(l, mt.ptr(), s, kind))
}

/// The payload of `v` if it is a file handle.
fn file_ud(v: TValue) -> Option<*mut FileUd> {
    if !v.is(tag::UDATA) {
        return None;
    }
    let u: *mut GcUdata = v.ptr();
    // SAFETY: v is a live userdata; those typed as files were made by new_file_mt.
    unsafe {
        if (*u).udtype != UDTYPE_IO_FILE {
            return None;
        }
        Some((u as *mut u8).add(UDATA_HDR) as *mut FileUd)
    }
}

/// The open stream of a handle (None once closed).
fn stream_of(f: *mut FileUd) -> Option<Stream> {
    // SAFETY: f is the payload of a live, rooted file userdata.
    Stream::from_ptr(unsafe { (*f).fp })
}

fn kind_of(f: *mut FileUd) -> u32 {
    // SAFETY: as stream_of.
    unsafe { (*f).kind }
}

fn mark_closed(f: *mut FileUd) {
    // SAFETY: as stream_of.
    unsafe { (*f).fp = std::ptr::null_mut() }
}

/// Argument `i` must be a file handle (open or closed).
fn check_file(l: &mut LuaState, i: usize) -> LResult<*mut FileUd> {
    match file_ud(l.arg(i - 1)) {
        Some(f) => Ok(f),
        None => Err(l.type_arg_error(i, "FILE*")),
    }
}

/// The stream of an open handle, or "attempt to use a closed file".
fn open_stream(l: &mut LuaState, f: *mut FileUd) -> LResult<Stream> {
    match stream_of(f) {
        Some(s) => Ok(s),
        None => Err(l.caller_error(b"attempt to use a closed file")),
    }
}

/// Argument `i` must be an open file handle.
fn check_open(l: &mut LuaState, i: usize) -> LResult<(*mut FileUd, Stream)> {
    let f = check_file(l, i)?;
    Ok((f, open_stream(l, f)?))
}

/// The default input or output (`slot`) as a value.
fn default_file(l: &mut LuaState, slot: i64) -> LResult<TValue> {
    let st = io_state(l)?;
    Ok(tab::get_int(st, slot))
}

/// The stream of the default input or output, which must be open.
fn default_stream(l: &mut LuaState, slot: i64) -> LResult<Stream> {
    let v = default_file(l, slot)?;
    match file_ud(v).and_then(stream_of) {
        Some(s) => Ok(s),
        None => Err(l.caller_error(b"standard file is closed")),
    }
}

// ---- Results ----

/// `nil, message, errno`, the message prefixed with `name: ` if given.
fn fail(l: &mut LuaState, e: Errno, name: Option<&[u8]>) -> LResult<usize> {
    let mut msg = Vec::new();
    if let Some(n) = name {
        msg.extend_from_slice(cstr_part(n));
        msg.extend_from_slice(b": ");
    }
    msg.extend_from_slice(&stream::strerror(e));
    let m = l.new_str(&msg);
    l.ret_values(&[TValue::NIL, m, TValue::num(e as f64)])
}

/// `true`, or `nil, message, errno`.
fn file_result(l: &mut LuaState, r: Result<(), Errno>) -> LResult<usize> {
    match r {
        Ok(()) => l.ret_values(&[TValue::TRUE]),
        Err(e) => fail(l, e, None),
    }
}

/// What C sees of a Lua string: the bytes before the first NUL.
fn cstr_part(b: &[u8]) -> &[u8] {
    &b[..b.iter().position(|&c| c == 0).unwrap_or(b.len())]
}

/// "name: message" for errors raised when a file named by the program cannot be opened.
fn open_error_text(name: &[u8], e: Errno) -> String {
    format!(
        "{}: {}",
        String::from_utf8_lossy(cstr_part(name)),
        String::from_utf8_lossy(&stream::strerror(e))
    )
}

// ---- Closing ----

/// Close a handle as its kind requires; the standard files stay open.
fn close_file(l: &mut LuaState, f: *mut FileUd, s: Stream) -> LResult<usize> {
    match kind_of(f) & KIND_MASK {
        KIND_STD => {
            let m = l.new_str(b"cannot close standard file");
            l.ret_values(&[TValue::NIL, m])
        }
        KIND_PIPE => {
            mark_closed(f);
            // LuaJIT 2.1 reports only whether waiting for the process worked, not its status.
            let r = s.pclose().map(|_| ());
            file_result(l, r)
        }
        _ => {
            mark_closed(f);
            let r = s.close();
            file_result(l, r)
        }
    }
}

fn io_close(l: &mut LuaState) -> LResult<usize> {
    if l.nargs() == 0 {
        let v = default_file(l, ST_OUTPUT)?;
        let f = match file_ud(v) {
            Some(f) => f,
            None => return Err(l.caller_error(b"standard file is closed")),
        };
        let s = open_stream(l, f)?;
        return close_file(l, f, s);
    }
    f_close(l)
}

fn f_close(l: &mut LuaState) -> LResult<usize> {
    let (f, s) = check_open(l, 1)?;
    close_file(l, f, s)
}

/// `__gc`: close what is still open, except the standard files.
fn f_gc(l: &mut LuaState) -> LResult<usize> {
    let f = check_file(l, 1)?;
    if let Some(s) = stream_of(f) {
        if kind_of(f) & KIND_MASK != KIND_STD {
            mark_closed(f);
            let _ = if kind_of(f) & KIND_MASK == KIND_PIPE {
                s.pclose().map(|_| ())
            } else {
                s.close()
            };
        }
    }
    Ok(0)
}

fn f_tostring(l: &mut LuaState) -> LResult<usize> {
    let f = check_file(l, 1)?;
    let text = match stream_of(f) {
        Some(s) => format!("file ({:p})", s.as_ptr()),
        None => "file (closed)".to_string(),
    };
    let v = l.new_str(text.as_bytes());
    l.ret_values(&[v])
}

// ---- Opening ----

fn io_open(l: &mut LuaState) -> LResult<usize> {
    let name = l.check_bytes(1)?;
    let mode = l.opt_bytes(2, b"r")?;
    match Stream::open(&name, &mode) {
        Ok(s) => {
            let v = new_file(l, s, KIND_FILE)?;
            l.ret_values(&[v])
        }
        Err(e) => fail(l, e, Some(&name)),
    }
}

fn io_popen(l: &mut LuaState) -> LResult<usize> {
    let cmd = l.check_bytes(1)?;
    let mode = l.opt_bytes(2, b"r")?;
    match Stream::popen(&cmd, &mode) {
        Ok(s) => {
            let v = new_file(l, s, KIND_PIPE)?;
            l.ret_values(&[v])
        }
        Err(e) => fail(l, e, Some(&cmd)),
    }
}

fn io_tmpfile(l: &mut LuaState) -> LResult<usize> {
    match Stream::tmpfile() {
        Ok(s) => {
            let v = new_file(l, s, KIND_FILE)?;
            l.ret_values(&[v])
        }
        Err(e) => fail(l, e, None),
    }
}

fn io_type(l: &mut LuaState) -> LResult<usize> {
    let v = l.check_any(1)?;
    let r = match file_ud(v) {
        Some(f) if stream_of(f).is_some() => l.new_str(b"file"),
        Some(_) => l.new_str(b"closed file"),
        None => TValue::NIL,
    };
    l.ret_values(&[r])
}

/// `io.input`/`io.output`: set the default file from a handle or a name, return it.
fn std_getset(l: &mut LuaState, slot: i64, mode: &[u8]) -> LResult<usize> {
    let v = l.arg(0);
    if !v.is_nil() {
        let nv = if v.is(tag::UDATA) {
            check_open(l, 1)?;
            v
        } else {
            let name = l.check_bytes(1)?;
            match Stream::open(&name, mode) {
                Ok(s) => new_file(l, s, KIND_FILE)?,
                Err(e) => return Err(l.arg_error(1, &open_error_text(&name, e))),
            }
        };
        let st = io_state(l)?;
        tab::set_int(l.g(), st, slot, nv);
        gc::barrier_tab(l.g(), st);
    }
    let cur = default_file(l, slot)?;
    l.ret_values(&[cur])
}

fn io_input(l: &mut LuaState) -> LResult<usize> {
    std_getset(l, ST_INPUT, b"r")
}

fn io_output(l: &mut LuaState) -> LResult<usize> {
    std_getset(l, ST_OUTPUT, b"w")
}

// ---- Reading ----

/// Read with formats `fmts` (argument numbers in errors start after `argbase`). LuaJIT's
/// rules: no format reads a line; reading stops at the first format that finds nothing,
/// whose result becomes nil; a stream error turns the whole result into an error.
fn read_values(
    l: &mut LuaState,
    s: Stream,
    fmts: &[TValue],
    argbase: usize,
) -> LResult<Result<Vec<TValue>, Errno>> {
    s.clear_err();
    let mut vals = Vec::with_capacity(fmts.len().max(1));
    if fmts.is_empty() {
        let mut buf = Vec::new();
        return Ok(s
            .read_line(&mut buf, false)
            .map(|ok| vec![if ok { l.new_str(&buf) } else { TValue::NIL }]));
    }
    for (i, &f) in fmts.iter().enumerate() {
        let mut buf = Vec::new();
        let r = if f.is_str() {
            let b = l.str_bytes(f);
            let b = b.strip_prefix(b"*").unwrap_or(b);
            match b.first() {
                Some(b'n') => match s.read_num() {
                    Ok(Some(n)) => {
                        vals.push(TValue::num(n));
                        continue;
                    }
                    Ok(None) => Ok(false),
                    Err(e) => Err(e),
                },
                Some(b'l') => s.read_line(&mut buf, false),
                Some(b'L') => s.read_line(&mut buf, true),
                Some(b'a') => s.read_all(&mut buf).map(|()| true),
                _ => return Err(l.arg_error(argbase + i + 1, "invalid format")),
            }
        } else if f.is_num() {
            // LuaJIT takes the count as a 32-bit integer and then as unsigned.
            let n = super::num_to_int(f.as_num()) as i32 as u32 as usize;
            if n == 0 {
                s.has_more()
            } else {
                s.read_len(n, &mut buf)
            }
        } else {
            return Err(l.arg_error(argbase + i + 1, "invalid option"));
        };
        match r {
            Ok(true) => vals.push(l.new_str(&buf)),
            Ok(false) => {
                vals.push(TValue::NIL);
                break;
            }
            Err(e) => return Ok(Err(e)),
        }
    }
    Ok(Ok(vals))
}

/// The arguments from `first` (0-based) on.
fn args_from(l: &LuaState, first: usize) -> Vec<TValue> {
    (first..l.nargs()).map(|i| l.arg(i)).collect()
}

fn read_common(l: &mut LuaState, s: Stream, first: usize) -> LResult<usize> {
    let fmts = args_from(l, first);
    match read_values(l, s, &fmts, first)? {
        Ok(vals) => l.ret_values(&vals),
        Err(e) => fail(l, e, None),
    }
}

fn io_read(l: &mut LuaState) -> LResult<usize> {
    let s = default_stream(l, ST_INPUT)?;
    read_common(l, s, 0)
}

fn f_read(l: &mut LuaState) -> LResult<usize> {
    let (_, s) = check_open(l, 1)?;
    read_common(l, s, 1)
}

/// An iterator over `vals[0]` (a file) reading with formats `vals[1..]`.
fn make_lines(l: &mut LuaState, vals: &[TValue]) -> LResult<usize> {
    if vals.len() > MAX_LINES_UPVALUES {
        return Err(l.caller_error(b"too many results to unpack"));
    }
    let it = l.new_native_closure(lines_iter, vals);
    l.ret_values(&[it])
}

fn io_lines(l: &mut LuaState) -> LResult<usize> {
    let file = if l.arg(0).is_nil() {
        default_file(l, ST_INPUT)?
    } else {
        let name = l.check_bytes(1)?;
        match Stream::open(&name, b"r") {
            Ok(s) => new_file(l, s, KIND_FILE | FLAG_CLOSE)?,
            Err(e) => return Err(l.arg_error(1, &open_error_text(&name, e))),
        }
    };
    let mut vals = vec![file];
    vals.extend(args_from(l, 1));
    make_lines(l, &vals)
}

fn f_lines(l: &mut LuaState) -> LResult<usize> {
    check_open(l, 1)?;
    let vals = args_from(l, 0);
    make_lines(l, &vals)
}

/// The `lines` iterator: upvalue 0 is the file, the others are formats.
fn lines_iter(l: &mut LuaState) -> LResult<usize> {
    let fv = l.native_upvalue(0);
    let f = match file_ud(fv) {
        Some(f) => f,
        None => return Err(l.caller_error(b"attempt to use a closed file")),
    };
    let s = open_stream(l, f)?;
    let n = l.native_upvalue_count();
    let fmts: Vec<TValue> = (1..n).map(|i| l.native_upvalue(i)).collect();
    let vals = match read_values(l, s, &fmts, 0)? {
        Ok(v) => v,
        Err(e) => {
            let msg = stream::strerror(e);
            return Err(l.caller_error(&msg));
        }
    };
    let at_end = !matches!(vals.first(), Some(v) if !v.is_nil());
    if at_end && kind_of(f) & FLAG_CLOSE != 0 {
        mark_closed(f);
        let _ = s.close();
        return Ok(0);
    }
    l.ret_values(&vals)
}

// ---- Writing and positioning ----

/// Write the arguments from `first` (0-based) on: strings, and numbers as `tostring`
/// formats them. After a failed write the rest are only type-checked, as in LuaJIT.
fn write_common(l: &mut LuaState, s: Stream, first: usize) -> LResult<usize> {
    let mut res = Ok(());
    let mut num = Vec::new();
    for i in first..l.nargs() {
        let v = l.arg(i);
        let r = if v.is_str() {
            s.write(l.str_bytes(v))
        } else if v.is_num() {
            num.clear();
            crate::strfmt::fmt_num(&mut num, v.as_num());
            s.write(&num)
        } else {
            return Err(l.type_arg_error(i + 1, "string"));
        };
        if res.is_ok() {
            res = r;
        }
    }
    file_result(l, res)
}

fn io_write(l: &mut LuaState) -> LResult<usize> {
    let s = default_stream(l, ST_OUTPUT)?;
    write_common(l, s, 0)
}

fn f_write(l: &mut LuaState) -> LResult<usize> {
    let (_, s) = check_open(l, 1)?;
    write_common(l, s, 1)
}

fn io_flush(l: &mut LuaState) -> LResult<usize> {
    let s = default_stream(l, ST_OUTPUT)?;
    file_result(l, s.flush())
}

fn f_flush(l: &mut LuaState) -> LResult<usize> {
    let (_, s) = check_open(l, 1)?;
    file_result(l, s.flush())
}

/// Argument `i` as one of `opts` (by index), `def` if absent; LuaJIT's option errors.
fn check_option(l: &mut LuaState, i: usize, opts: &[&str], def: Option<usize>) -> LResult<usize> {
    if let (true, Some(d)) = (l.arg(i - 1).is_nil(), def) {
        return Ok(d);
    }
    let b = l.check_bytes(i)?;
    match opts.iter().position(|o| o.as_bytes() == b) {
        Some(k) => Ok(k),
        None => {
            let m = format!(
                "invalid option '{}'",
                String::from_utf8_lossy(cstr_part(&b))
            );
            Err(l.arg_error(i, &m))
        }
    }
}

fn f_seek(l: &mut LuaState) -> LResult<usize> {
    let (_, s) = check_open(l, 1)?;
    let whence = match check_option(l, 2, &["set", "cur", "end"], Some(1))? {
        0 => Whence::Set,
        1 => Whence::Cur,
        _ => Whence::End,
    };
    // The offset must be a number: unlike most arguments, strings do not convert.
    let o = l.arg(2);
    let off = if o.is_num() {
        super::num_to_i64(o.as_num())
    } else if o.is_nil() {
        0
    } else {
        return Err(l.type_arg_error(3, "number"));
    };
    match s.seek(whence, off) {
        Ok(pos) => l.ret_values(&[TValue::num(pos as f64)]),
        Err(e) => fail(l, e, None),
    }
}

fn f_setvbuf(l: &mut LuaState) -> LResult<usize> {
    let (_, s) = check_open(l, 1)?;
    let mode = match check_option(l, 2, &["no", "full", "line"], None)? {
        0 => Buffering::No,
        1 => Buffering::Full,
        _ => Buffering::Line,
    };
    let size = l.opt_int(3, BUFSIZ)?;
    file_result(l, s.setvbuf(mode, size as usize))
}
