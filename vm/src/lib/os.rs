//! The os library: time and date, processes, files, environment and locale, over the C library.

use super::Reg;
use crate::func::FF_C;
use crate::state::{LResult, LuaState};
use crate::value::TValue;
use std::ffi::{c_char, CStr, CString};

const FUNCS: &[Reg] = &[
    ("clock", clock, FF_C),
    ("date", date, FF_C),
    ("difftime", difftime, FF_C),
    ("execute", execute, FF_C),
    ("exit", exit, FF_C),
    ("getenv", getenv, FF_C),
    ("remove", remove, FF_C),
    ("rename", rename, FF_C),
    ("setlocale", setlocale, FF_C),
    ("time", time, FF_C),
    ("tmpname", tmpname, FF_C),
];

pub fn open(l: &mut LuaState) {
    l.register_lib(Some("os"), FUNCS);
}

/// A double as a `time_t`, converted the way LuaJIT's C cast does on x86-64: NaN and
/// values out of range become the minimum (which the C library then rejects as a date).
fn to_time(n: f64) -> libc::time_t {
    if n.is_nan() || n >= 9_223_372_036_854_775_808.0 {
        libc::time_t::MIN
    } else {
        // Truncates toward zero; below range it saturates to the minimum, as the C cast does.
        n as libc::time_t
    }
}

/// A double as a C `int`, as LuaJIT's integer argument checks convert it (x86-64's
/// truncating conversion: NaN and out-of-range values give the minimum).
fn to_cint(n: f64) -> i32 {
    if n > -2_147_483_649.0 && n < 2_147_483_648.0 {
        n as i32
    } else {
        i32::MIN
    }
}

/// The bytes a C function would see: everything before the first NUL.
fn c_bytes(b: &[u8]) -> CString {
    let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
    // The slice holds no NUL, so this cannot fail; an empty string is the fallback anyway.
    CString::new(&b[..end]).unwrap_or_default()
}

/// `errno` of the last failed C library call, with the C library's text for it.
fn last_error() -> (i32, String) {
    let e = std::io::Error::last_os_error();
    let text = super::io::os_error_text(&e);
    (e.raw_os_error().unwrap_or(0), text)
}

/// `true` on success; otherwise `nil, "name: strerror", errno`, as Lua's file functions report.
fn file_result(l: &mut LuaState, ok: bool, name: &CStr) -> LResult<usize> {
    if ok {
        return l.ret_values(&[TValue::TRUE]);
    }
    let (code, text) = last_error();
    let mut msg = name.to_bytes().to_vec();
    msg.extend_from_slice(b": ");
    msg.extend_from_slice(text.as_bytes());
    let m = l.new_str(&msg);
    l.ret_values(&[TValue::NIL, m, TValue::num(code as f64)])
}

fn now() -> libc::time_t {
    // SAFETY: time accepts a null pointer and only returns the value.
    unsafe { libc::time(std::ptr::null_mut()) }
}

fn clock(l: &mut LuaState) -> LResult<usize> {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: ts is a valid timespec to fill.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    // Whole microseconds, as the C library's clock() counts them (CLOCKS_PER_SEC is 10^6).
    let micros = ts.tv_sec * 1_000_000 + ts.tv_nsec / 1000;
    l.ret_values(&[TValue::num(micros as f64 / 1e6)])
}

// ---- dates -------------------------------------------------------------------------------

/// Broken-down time for `t`, in UTC or local time; `None` when the year does not fit.
fn break_down(t: libc::time_t, utc: bool) -> Option<libc::tm> {
    // SAFETY: an all-zero tm is a valid value (null tm_zone included).
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    // SAFETY: both functions only read t and fill tm, which outlive the call.
    let r = unsafe {
        if utc {
            libc::gmtime_r(&t, &mut tm)
        } else {
            libc::localtime_r(&t, &mut tm)
        }
    };
    if r.is_null() {
        None
    } else {
        Some(tm)
    }
}

/// Largest buffer `strftime` may ask for; beyond it the format is treated as out of memory.
const STRFTIME_MAX: usize = 1 << 30;

/// `strftime` for a format of any length and any output size. `None` if the output
/// would exceed `STRFTIME_MAX`.
fn strftime(fmt: &CStr, tm: &libc::tm) -> Option<Vec<u8>> {
    // strftime returns 0 both for "buffer too small" and for an empty result. A leading
    // literal character makes every result non-empty, so 0 always means "grow"; it goes
    // in front because a trailing one could complete a dangling conversion like "%10".
    let mut f = Vec::with_capacity(fmt.to_bytes().len() + 2);
    f.push(b'.');
    f.extend_from_slice(fmt.to_bytes());
    let f = CString::new(f).ok()?;
    let mut cap = fmt.to_bytes().len() * 4 + 64;
    loop {
        let mut buf = vec![0u8; cap];
        // SAFETY: buf has cap writable bytes; f is NUL-terminated; tm is a valid tm.
        let n = unsafe { libc::strftime(buf.as_mut_ptr() as *mut c_char, cap, f.as_ptr(), tm) };
        if n > 0 {
            buf.truncate(n);
            buf.remove(0);
            return Some(buf);
        }
        if cap >= STRFTIME_MAX {
            return None;
        }
        cap = (cap * 2).min(STRFTIME_MAX);
    }
}

/// `os.date([format [, time]])`: `*t` gives a table, a leading `!` means UTC, anything
/// else goes to the C library's `strftime` as it is (unknown conversions included).
fn date(l: &mut LuaState) -> LResult<usize> {
    let fmt = l.opt_bytes(1, b"%c")?;
    let t = if l.arg(1).is_nil() {
        now()
    } else {
        to_time(l.check_num(2)?)
    };
    let fmt = c_bytes(&fmt);
    let (utc, spec) = match fmt.to_bytes().strip_prefix(b"!") {
        Some(rest) => (true, rest),
        None => (false, fmt.to_bytes()),
    };
    let Some(tm) = break_down(t, utc) else {
        return l.ret_values(&[TValue::NIL]);
    };
    if spec == b"*t" {
        let t = l.new_table(0, crate::tab::hbits_for(9));
        let int = |n: i32| TValue::num(n as f64);
        l.set_field(t, "sec", int(tm.tm_sec));
        l.set_field(t, "min", int(tm.tm_min));
        l.set_field(t, "hour", int(tm.tm_hour));
        l.set_field(t, "day", int(tm.tm_mday));
        l.set_field(t, "month", int(tm.tm_mon.wrapping_add(1)));
        l.set_field(t, "year", int(tm.tm_year.wrapping_add(1900)));
        l.set_field(t, "wday", int(tm.tm_wday + 1));
        l.set_field(t, "yday", int(tm.tm_yday + 1));
        // A negative tm_isdst means "unknown", which leaves the field out.
        if tm.tm_isdst >= 0 {
            l.set_field(t, "isdst", TValue::bool(tm.tm_isdst > 0));
        }
        return l.ret_values(&[TValue::gc(
            crate::value::tag::TAB,
            t as *const crate::gc::GcHeader,
        )]);
    }
    let spec = CString::new(spec).unwrap_or_default();
    match strftime(&spec, &tm) {
        Some(out) => {
            let s = l.new_str(&out);
            l.ret_values(&[s])
        }
        None => Err(l.caller_error(b"not enough memory")),
    }
}

/// Field `key` of the date table (argument 1, read with metamethods) as a C `int`;
/// `def` when absent or not a number, or an error when there is no default (`def < 0`).
fn date_field(l: &mut LuaState, key: &str, def: i32) -> LResult<i32> {
    let k = l.new_str(key.as_bytes());
    let t = l.arg(0);
    let v = l.index(t, k)?;
    match crate::meta::tonum(l, v) {
        // LuaJIT converts to a 64-bit integer first, then keeps the low 32 bits.
        Some(n) => Ok(to_time(n) as i32),
        None if def < 0 => {
            Err(l.caller_error(format!("field '{key}' missing in date table").as_bytes()))
        }
        None => Ok(def),
    }
}

/// `os.time([table])`: now, or the table's local date normalised by `mktime`.
fn time(l: &mut LuaState) -> LResult<usize> {
    if l.arg(0).is_nil() {
        return l.ret_values(&[TValue::num(now() as f64)]);
    }
    l.check_tab(1)?;
    // SAFETY: an all-zero tm is a valid value.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    // The order of the reads is visible to __index metamethods and decides which missing
    // field is reported first.
    tm.tm_sec = date_field(l, "sec", 0)?;
    tm.tm_min = date_field(l, "min", 0)?;
    tm.tm_hour = date_field(l, "hour", 12)?;
    tm.tm_mday = date_field(l, "day", -1)?;
    tm.tm_mon = date_field(l, "month", -1)?.wrapping_sub(1);
    tm.tm_year = date_field(l, "year", -1)?.wrapping_sub(1900);
    let k = l.new_str(b"isdst");
    let t = l.arg(0);
    let dst = l.index(t, k)?;
    // nil lets mktime decide whether daylight saving time is in effect.
    tm.tm_isdst = if dst.is_nil() {
        -1
    } else {
        dst.is_truthy() as i32
    };
    // SAFETY: tm is a valid tm that mktime may normalise in place.
    let r = unsafe { libc::mktime(&mut tm) };
    // mktime's error value is also a real instant (one second before the epoch); Lua
    // cannot tell them apart and reports both as nil.
    if r == -1 {
        l.ret_values(&[TValue::NIL])
    } else {
        l.ret_values(&[TValue::num(r as f64)])
    }
}

fn difftime(l: &mut LuaState) -> LResult<usize> {
    let t1 = to_time(l.check_num(1)?);
    let t0 = to_time(l.opt_num(2, 0.0)?);
    // SAFETY: difftime is a pure function of its arguments.
    let d = unsafe { libc::difftime(t1, t0) };
    l.ret_values(&[TValue::num(d)])
}

// ---- processes ---------------------------------------------------------------------------

/// `os.execute([command])`: the raw status from `system` (LuaJIT 2.1 without the 5.2
/// compatibility switch): a wait status such as 768 for `exit 3`, or for no command
/// whether a shell is available.
fn execute(l: &mut LuaState) -> LResult<usize> {
    let cmd = if l.arg(0).is_nil() {
        None
    } else {
        Some(c_bytes(&l.check_bytes(1)?))
    };
    let p = cmd.as_ref().map_or(std::ptr::null(), |c| c.as_ptr());
    // Rust's runtime ignores SIGPIPE, and an ignored signal stays ignored across exec, so
    // the shell would see EPIPE where under a C host it is killed quietly. The VM runs on
    // one thread, so switching the disposition around the call races with nothing.
    // SAFETY: p is null or a NUL-terminated string that outlives the call; the previous
    // SIGPIPE disposition is put back unchanged.
    let stat = unsafe {
        let old = libc::signal(libc::SIGPIPE, libc::SIG_DFL);
        let stat = libc::system(p);
        libc::signal(libc::SIGPIPE, old);
        stat
    };
    l.ret_values(&[TValue::num(stat as f64)])
}

/// Everything that must reach the OS before the process ends. The single place `os.exit`
/// flushes; buffered io files belong here too.
fn flush_before_exit() {
    // exit() flushes C streams too; flushing first keeps that true whatever runs the VM.
    crate::lib::io::flush_all();
}

/// `os.exit([code [, close]])`: `true`/`false` or a number (default success); a true
/// `close` closes the state first, which runs every pending `__gc` finalizer.
fn exit(l: &mut LuaState) -> LResult<usize> {
    let v = l.arg(0);
    let code = if v == TValue::TRUE {
        libc::EXIT_SUCCESS
    } else if v == TValue::FALSE {
        libc::EXIT_FAILURE
    } else if v.is_nil() {
        libc::EXIT_SUCCESS
    } else {
        to_cint(l.check_num(1)?)
    };
    if l.nargs() >= 2 && l.arg(1).is_truthy() {
        crate::gc::finalize_all(l);
    }
    flush_before_exit();
    crate::profile::shutdown();
    crate::audit::exit(code);
    std::process::exit(code);
}

fn getenv(l: &mut LuaState) -> LResult<usize> {
    use std::os::unix::ffi::{OsStrExt, OsStringExt};
    let name = c_bytes(&l.check_bytes(1)?);
    match std::env::var_os(std::ffi::OsStr::from_bytes(name.to_bytes())) {
        Some(v) => {
            let s = l.new_str(&v.into_vec());
            l.ret_values(&[s])
        }
        None => l.ret_values(&[TValue::NIL]),
    }
}

// ---- files -------------------------------------------------------------------------------

/// `os.remove(name)`: files and empty directories.
fn remove(l: &mut LuaState) -> LResult<usize> {
    let name = c_bytes(&l.check_bytes(1)?);
    // SAFETY: name is NUL-terminated.
    let ok = unsafe { libc::remove(name.as_ptr()) } == 0;
    file_result(l, ok, &name)
}

fn rename(l: &mut LuaState) -> LResult<usize> {
    let from = c_bytes(&l.check_bytes(1)?);
    let to = c_bytes(&l.check_bytes(2)?);
    // SAFETY: both names are NUL-terminated.
    let ok = unsafe { libc::rename(from.as_ptr(), to.as_ptr()) } == 0;
    file_result(l, ok, &from)
}

/// `os.tmpname()`: a fresh, empty file in /tmp, created (not just named) so no other
/// process can take the name first.
fn tmpname(l: &mut LuaState) -> LResult<usize> {
    let mut buf = *b"/tmp/lua_XXXXXX\0";
    // SAFETY: buf is a writable NUL-terminated template ending in six X's.
    let fd = unsafe { libc::mkstemp(buf.as_mut_ptr() as *mut c_char) };
    if fd == -1 {
        return Err(l.caller_error(b"unable to generate a unique filename"));
    }
    // SAFETY: fd was just opened by mkstemp and is not used elsewhere.
    unsafe { libc::close(fd) };
    let s = l.new_str(&buf[..buf.len() - 1]);
    l.ret_values(&[s])
}

// ---- locale ------------------------------------------------------------------------------

const LOCALE_CATEGORIES: &[(&[u8], libc::c_int)] = &[
    (b"all", libc::LC_ALL),
    (b"collate", libc::LC_COLLATE),
    (b"ctype", libc::LC_CTYPE),
    (b"monetary", libc::LC_MONETARY),
    (b"numeric", libc::LC_NUMERIC),
    (b"time", libc::LC_TIME),
];

/// `os.setlocale([locale [, category]])`: set, or with no locale query, one category
/// (default "all"); nil when the C library refuses.
fn setlocale(l: &mut LuaState) -> LResult<usize> {
    let loc = if l.arg(0).is_nil() {
        None
    } else {
        Some(c_bytes(&l.check_bytes(1)?))
    };
    let cat_name = l.opt_bytes(2, b"all")?;
    let Some(&(_, cat)) = LOCALE_CATEGORIES.iter().find(|(n, _)| *n == &cat_name[..]) else {
        let msg = format!("invalid option '{}'", String::from_utf8_lossy(&cat_name));
        return Err(l.arg_error(2, &msg));
    };
    let p = loc.as_ref().map_or(std::ptr::null(), |c| c.as_ptr());
    // SAFETY: p is null (query) or a NUL-terminated string; the result, when not null, is
    // a NUL-terminated string valid until the next setlocale call, and is copied at once.
    let r = unsafe {
        let r = libc::setlocale(cat, p);
        if r.is_null() {
            None
        } else {
            Some(CStr::from_ptr(r).to_bytes().to_vec())
        }
    };
    match r {
        Some(name) => {
            let s = l.new_str(&name);
            l.ret_values(&[s])
        }
        None => l.ret_values(&[TValue::NIL]),
    }
}
