//! The `strix` command line, behaving as `luajit` does: run a script, `-e` chunks,
//! `-l` modules, an interactive prompt, `-b` bytecode listings.

use std::io::{IsTerminal, Write};
use strix_vm::state::{close_vm, open_vm, LuaState, Status};
use strix_vm::value::TValue;

// The unwinder Rust's standard library refers to, linked from libgcc's static
// archive: then the binary does not load libgcc_s, whose constructor probes the CPU
// with a dozen `cpuid`s, each a trap to the hypervisor on virtual machines (0.1 ms of
// every start here). Placed before the standard library's `-lgcc_s`, the archive
// defines the symbols first and `--as-needed` drops the shared library.
#[link(name = "gcc_eh", kind = "static", modifiers = "-bundle")]
extern "C" {}

const VERSION: &str = concat!(
    "strix ",
    env!("CARGO_PKG_VERSION"),
    " -- a Lua 5.1 VM in the RaptorJIT tradition (LuaJIT 2.1 compatible)"
);

fn usage(prog: &str) {
    eprintln!(
        "usage: {prog} [options]... [script [args]...].
Available options are:
  -e chunk  Execute string 'chunk'.
  -l name   Require library 'name'.
  -b ...    List bytecode (-bl file.lua | -bl -e chunk).
  -j cmd    JIT control command (strix has no JIT compiler yet).
  -O[opt]   JIT optimisation control (kept for the trace compiler strix lacks yet).
  -a file   Write the auditlog to 'file' (it is always on; this names its file).
  -p file   Profile the whole run into the vmprofile 'file'.
  -i        Enter interactive mode after executing 'script'.
  -v        Show version information.
  -E        Ignore environment variables.
  --interp=ref  Run on the reference interpreter (the Rust one every opcode's
                semantics are written in) instead of the generated one.
  --interp=asm  Run on the generated interpreter (the default).
  --        Stop handling options.
  -         Execute stdin and stop handling options.

Environment: STRIX_PERF_MAP=1 writes /tmp/perf-PID.map, naming the generated
interpreter's handlers and fast functions for perf report."
    );
}

/// What the options asked for, in order.
enum Action {
    Chunk(Vec<u8>),
    Require(Vec<u8>),
    /// `-j cmd[=arg,...]`: a `jit.*` function or a `jit.<cmd>` module's `start`.
    JitCmd(Vec<u8>),
    /// `-O[item,...]`: `jit.opt.start` items.
    JitOpt(Vec<u8>),
}

struct Opts {
    actions: Vec<Action>,
    interactive: bool,
    version: bool,
    no_env: bool,
    interp_ref: bool,
    /// `-a FILE`: where the auditlog goes.
    auditlog: Option<Vec<u8>>,
    /// `-p FILE`: a vmprofile for the whole run.
    profile: Option<Vec<u8>>,
    /// Index in argv of the script ("-" for stdin), if any.
    script: Option<usize>,
}

fn parse_args(prog: &str, argv: &[Vec<u8>]) -> Result<Opts, i32> {
    let mut o = Opts {
        actions: Vec::new(),
        interactive: false,
        version: false,
        no_env: false,
        interp_ref: false,
        auditlog: None,
        profile: None,
        script: None,
    };
    let mut i = 1;
    while i < argv.len() {
        let a = &argv[i];
        if a.first() != Some(&b'-') {
            o.script = Some(i);
            return Ok(o);
        }
        match &a[..] {
            b"--" => {
                if i + 1 < argv.len() {
                    o.script = Some(i + 1);
                }
                return Ok(o);
            }
            b"-" => {
                o.script = Some(i);
                return Ok(o);
            }
            b"-i" => {
                o.interactive = true;
                o.version = true;
            }
            b"-v" => o.version = true,
            b"-E" => o.no_env = true,
            b"--interp=ref" => o.interp_ref = true,
            b"--interp=asm" => o.interp_ref = false,
            _ if a.starts_with(b"-e")
                || a.starts_with(b"-l")
                || a.starts_with(b"-j")
                || a.starts_with(b"-a")
                || a.starts_with(b"-p") =>
            {
                let val = if a.len() > 2 {
                    a[2..].to_vec()
                } else {
                    i += 1;
                    match argv.get(i) {
                        Some(v) => v.clone(),
                        None => {
                            usage(prog);
                            return Err(1);
                        }
                    }
                };
                match a[1] {
                    b'e' => o.actions.push(Action::Chunk(val)),
                    b'l' => o.actions.push(Action::Require(val)),
                    b'a' => o.auditlog = Some(val),
                    b'p' => o.profile = Some(val),
                    _ => o.actions.push(Action::JitCmd(val)),
                }
            }
            _ if a.starts_with(b"-O") => o.actions.push(Action::JitOpt(a[2..].to_vec())),
            _ if a.starts_with(b"-b") => return Err(bytecode_cmd(prog, argv, i)),
            _ => {
                usage(prog);
                return Err(1);
            }
        }
        i += 1;
    }
    Ok(o)
}

/// `-b`: bytecode listing (`-bl`), as `luajit -bl`.
fn bytecode_cmd(prog: &str, argv: &[Vec<u8>], i: usize) -> i32 {
    let mut list = false;
    let mut chunk: Option<Vec<u8>> = None;
    let mut files = Vec::new();
    let mut flags = argv[i][2..].to_vec();
    let mut j = i + 1;
    loop {
        let mut k = 0;
        while k < flags.len() {
            match flags[k] {
                b'l' => list = true,
                b'e' => {
                    chunk = argv.get(j).cloned();
                    j += 1;
                }
                c => {
                    eprintln!(
                        "{prog}: -b{}: only bytecode listing (-bl) is supported so far",
                        c as char
                    );
                    return 1;
                }
            }
            k += 1;
        }
        match argv.get(j) {
            Some(a)
                if a.first() == Some(&b'-')
                    && a.len() > 1
                    && files.is_empty()
                    && chunk.is_none() =>
            {
                flags = a[1..].to_vec();
                j += 1;
            }
            _ => break,
        }
    }
    files.extend(argv[j..].iter().cloned());
    if !list {
        eprintln!("{prog}: -b: saving bytecode is not supported yet; use -bl to list it");
        return 1;
    }
    let (src, name) = match (&chunk, files.first()) {
        (Some(c), _) => (c.clone(), b"=(command line)".to_vec()),
        (None, Some(f)) if f != b"-" => match std::fs::read(std::ffi::OsStr::from_bytes_ext(f)) {
            Ok(s) => {
                let mut n = b"@".to_vec();
                n.extend_from_slice(f);
                (s, n)
            }
            Err(e) => {
                eprintln!(
                    "{prog}: cannot open {}: {}",
                    String::from_utf8_lossy(f),
                    strix_vm::lib::io::os_error_text(&e)
                );
                return 1;
            }
        },
        _ => (
            strix_vm::lib::io::read_stdin_all().unwrap_or_default(),
            b"=stdin".to_vec(),
        ),
    };
    match strix_vm::parse::parse(&src, &name) {
        Ok(p) => {
            let mut out = Vec::new();
            strix_vm::bc::list::list(&p, &mut out);
            strix_vm::lib::io::write_stdout(&out);
            0
        }
        Err(e) => {
            eprintln!("{prog}: {}", String::from_utf8_lossy(&e.msg));
            1
        }
    }
}

trait FromBytes {
    fn from_bytes_ext(b: &[u8]) -> &std::ffi::OsStr;
}
impl FromBytes for std::ffi::OsStr {
    fn from_bytes_ext(b: &[u8]) -> &std::ffi::OsStr {
        use std::os::unix::ffi::OsStrExt;
        std::ffi::OsStr::from_bytes(b)
    }
}

/// Report an uncaught error as `prog: msg` (the traceback handler already ran).
fn report(prog: &str, l: &mut LuaState) {
    let e = l.errobj;
    l.errobj = TValue::NIL;
    strix_vm::lib::base::flush_stdout();
    let msg = if e.is_str() || e.is_num() {
        l.tostring_raw(e)
    } else {
        b"(error object is not a string)".to_vec()
    };
    strix_vm::audit::uncaught_error(&msg);
    let mut out = format!("{prog}: ").into_bytes();
    out.extend_from_slice(&msg);
    out.push(b'\n');
    let _ = std::io::stderr().write_all(&out);
}

/// Traceback handler for uncaught errors: message plus traceback, as lua.c does.
fn traceback_handler(l: &mut LuaState) -> strix_vm::state::LResult<usize> {
    let e = l.arg(0);
    let mut e = e;
    if !e.is_str() && !e.is_num() {
        // An object with __tostring is reported by that string; anything else as is.
        if l.get_mm(e, strix_vm::meta::MM::Tostring).is_nil() {
            return l.ret_values(&[e]);
        }
        e = l.tostring(e)?;
    }
    let msg = l.tostring_raw(e);
    let tb = l.traceback(Some(&msg), 1);
    let v = l.new_str(&tb);
    l.ret_values(&[v])
}

/// Run function `f` with `args` under the traceback handler; false on error (reported).
fn docall(prog: &str, l: &mut LuaState, f: TValue, args: &[TValue]) -> bool {
    let xpcall = l.new_native(
        strix_vm::lib::base::xpcall_fn(),
        strix_vm::lib::ff::Ff::Xpcall as u8,
    );
    let h = l.new_native(traceback_handler, strix_vm::func::FF_C);
    let mut all = vec![f, h];
    all.extend_from_slice(args);
    let top = l.save(l.top);
    match l.call_value(xpcall, &all, -1) {
        Ok(n) => {
            // SAFETY: n results sit at top-n..top.
            let ok = unsafe { *l.top.sub(n) }.is_truthy();
            if !ok {
                // SAFETY: xpcall returns false and the handled error.
                l.errobj = unsafe { *l.top.sub(n).add(1) };
            }
            l.top = l.restore(top);
            if !ok {
                report(prog, l);
            }
            ok
        }
        Err(_) => {
            report(prog, l);
            false
        }
    }
}

/// Compile and run a chunk; false on any error (reported).
fn dochunk(prog: &str, l: &mut LuaState, src: &[u8], name: &[u8], args: &[TValue]) -> bool {
    match l.load_buffer(src, name) {
        Ok(f) => docall(prog, l, f, args),
        Err(Status::ErrSyntax) | Err(_) => {
            report(prog, l);
            false
        }
    }
}

fn run_script(prog: &str, l: &mut LuaState, argv: &[Vec<u8>], idx: usize) -> bool {
    let path = &argv[idx];
    let (src, name) = if path == b"-" {
        // Through C's stdin, so that whatever the chunk leaves unread stays for io.read.
        (
            strix_vm::lib::io::read_stdin_all().unwrap_or_default(),
            b"=stdin".to_vec(),
        )
    } else {
        match std::fs::read(std::ffi::OsStr::from_bytes_ext(path)) {
            Ok(s) => {
                let mut n = b"@".to_vec();
                n.extend_from_slice(path);
                (s, n)
            }
            Err(e) => {
                let _ = writeln!(
                    std::io::stderr(),
                    "{prog}: cannot open {}: {}",
                    String::from_utf8_lossy(path),
                    strix_vm::lib::io::os_error_text(&e)
                );
                return false;
            }
        }
    };
    let args: Vec<TValue> = argv[idx + 1..].iter().map(|a| l.new_str(a)).collect();
    dochunk(prog, l, &src, &name, &args)
}

/// The `arg` table: script at 0, its arguments above, interpreter and options below.
fn set_arg_table(l: &mut LuaState, argv: &[Vec<u8>], script: Option<usize>) {
    let n = script.unwrap_or(argv.len());
    let t = l.new_table(0, 0);
    for (i, a) in argv.iter().enumerate() {
        let v = l.new_str(a);
        strix_vm::tab::set_int(l.g(), t, i as i64 - n as i64, v);
    }
    let key = strix_vm::str::intern(l.g(), b"arg");
    let env = l.env;
    strix_vm::tab::set_str(
        l.g(),
        env,
        key,
        TValue::gc(strix_vm::value::tag::TAB, t as *const _),
    );
}

/// The prompt to show: the global `_PROMPT` (first line) or `_PROMPT2` (continuation)
/// if it is a string or number, else `> ` / `>> `, as lua.c and luajit do.
fn prompt(l: &mut LuaState, first: bool) -> Vec<u8> {
    let name: &[u8] = if first { b"_PROMPT" } else { b"_PROMPT2" };
    let key = strix_vm::str::intern(l.g(), name);
    let v = strix_vm::tab::get_str(l.env, key);
    if v.is_str() || v.is_num() {
        return l.tostring_raw(v);
    }
    let default: &[u8] = if first { b"> " } else { b">> " };
    default.to_vec()
}

/// The interactive prompt: `> `, `>> ` for continuation lines, `=expr` prints.
fn repl(prog: &str, l: &mut LuaState) {
    use strix_vm::lib::io::{flush_stdout, read_stdin_line, write_stdout};
    let mut buf = Vec::new();
    loop {
        let p = prompt(l, buf.is_empty());
        write_stdout(&p);
        flush_stdout();
        // Lines come through C's stdin, which io.read shares.
        let Some(mut line) = read_stdin_line() else {
            write_stdout(b"\n");
            return;
        };
        if line.last() == Some(&b'\n') {
            line.pop();
        }
        if buf.is_empty() && line.first() == Some(&b'=') {
            buf.extend_from_slice(b"return ");
            buf.extend_from_slice(&line[1..]);
        } else {
            if !buf.is_empty() {
                buf.push(b'\n');
            }
            buf.extend_from_slice(&line);
        }
        match l.load_buffer(&buf, b"=stdin") {
            Ok(f) => {
                buf.clear();
                let env = l.env;
                let print = l.get_field(env, "print");
                let top = l.save(l.top);
                let xp = l.new_native(
                    strix_vm::lib::base::xpcall_fn(),
                    strix_vm::lib::ff::Ff::Xpcall as u8,
                );
                let h = l.new_native(traceback_handler, strix_vm::func::FF_C);
                match l.call_value(xp, &[f, h], -1) {
                    Ok(n) => {
                        // SAFETY: n results at top-n..top.
                        let vals: Vec<TValue> =
                            (0..n).map(|i| unsafe { *l.top.sub(n).add(i) }).collect();
                        l.top = l.restore(top);
                        if vals[0].is_falsy() {
                            l.errobj = vals.get(1).copied().unwrap_or(TValue::NIL);
                            report(prog, l);
                        } else if vals.len() > 1
                            && print.is_func()
                            && l.call_value(print, &vals[1..], 0).is_err()
                        {
                            report(prog, l);
                        }
                    }
                    Err(_) => report(prog, l),
                }
            }
            Err(_) => {
                let e = l.errobj;
                let msg = l.tostring_raw(e);
                if msg.ends_with(b"'<eof>'") {
                    continue;
                }
                buf.clear();
                report(prog, l);
            }
        }
    }
}

/// `-j cmd[=args]`, as luajit runs it: `jit.cmd(args...)` if that is a function, else
/// `require("jit.cmd").start(args...)`.
fn jit_cmd(prog: &str, l: &mut LuaState, cmd: &[u8]) -> bool {
    let (name, args) = match cmd.iter().position(|&c| c == b'=') {
        Some(i) => (&cmd[..i], Some(&cmd[i + 1..])),
        None => (cmd, None),
    };
    let args: Vec<TValue> = args
        .map(|a| a.split(|&c| c == b',').map(|s| l.new_str(s)).collect())
        .unwrap_or_default();
    let env = l.env;
    let jit = l.get_field(env, "jit");
    if jit.is_tab() {
        let f = strix_vm::tab::get_str(jit.ptr(), strix_vm::str::intern(l.g(), name));
        if f.is_func() {
            return docall(prog, l, f, &args);
        }
    }
    let mut module = b"jit.".to_vec();
    module.extend_from_slice(name);
    let req = l.get_field(env, "require");
    let m = l.new_str(&module);
    let start = match l.call_value(req, &[m], 1) {
        Ok(_) => {
            let m = l.pop_result();
            if m.is_tab() {
                l.get_field(m.ptr(), "start")
            } else {
                TValue::NIL
            }
        }
        Err(_) => TValue::NIL,
    };
    if !start.is_func() {
        eprintln!("{prog}: unknown luaJIT command or jit.* modules not installed");
        return false;
    }
    docall(prog, l, start, &args)
}

/// `-O[items]`: comma-separated `jit.opt.start` items (none: the default level).
fn jit_opt(prog: &str, l: &mut LuaState, items: &[u8]) -> bool {
    let items: Vec<&[u8]> = if items.is_empty() {
        vec![b"3"]
    } else {
        items.split(|&c| c == b',').collect()
    };
    for item in items {
        if let Err(m) = l.g().jit_apply(item) {
            eprintln!("{prog}: {m}");
            return false;
        }
    }
    true
}

fn real_main() -> i32 {
    use std::os::unix::ffi::OsStringExt;
    let argv: Vec<Vec<u8>> = std::env::args_os().map(|a| a.into_vec()).collect();
    let prog = "strix";
    let opts = match parse_args(prog, &argv) {
        Ok(o) => o,
        Err(code) => return code,
    };
    strix_vm::audit::start(&argv);
    if let Some(path) = &opts.auditlog {
        if let Err(m) = strix_vm::audit::open(path, strix_auditlog::DEFAULT_LIMIT) {
            eprintln!("{prog}: cannot open auditlog {m}");
            return 1;
        }
    }
    let lp = open_vm();
    // SAFETY: open_vm returns a live main thread that we own until close_vm.
    let l = unsafe { &mut *lp };
    if opts.interp_ref {
        l.g().interp_ref = true;
    }
    if let Some(path) = &opts.profile {
        let started = strix_vm::profile::open(path).and_then(|h| {
            strix_vm::profile::select(Some(h))?;
            strix_vm::profile::start(strix_vm::profile::DEFAULT_INTERVAL_US)
        });
        if let Err(m) = started {
            eprintln!("{prog}: cannot open profile {m}");
            close_vm(lp);
            return 1;
        }
    }
    strix_vm::lib::open_all(l);
    if opts.version {
        strix_vm::lib::io::write_stdout(format!("{VERSION}\n").as_bytes());
    }
    set_arg_table(l, &argv, opts.script);
    let mut ok = true;
    if !opts.no_env {
        if let Some(init) = std::env::var_os("LUA_INIT") {
            let init = init.into_vec();
            ok = if let Some(path) = init.strip_prefix(b"@") {
                match std::fs::read(std::ffi::OsStr::from_bytes_ext(path)) {
                    Ok(s) => {
                        let mut n = b"@".to_vec();
                        n.extend_from_slice(path);
                        dochunk(prog, l, &s, &n, &[])
                    }
                    Err(e) => {
                        eprintln!(
                            "{prog}: cannot open {}: {}",
                            String::from_utf8_lossy(path),
                            strix_vm::lib::io::os_error_text(&e)
                        );
                        false
                    }
                }
            } else {
                dochunk(prog, l, &init, b"=LUA_INIT", &[])
            };
        }
    }
    for a in &opts.actions {
        if !ok {
            break;
        }
        ok = match a {
            Action::Chunk(c) => dochunk(prog, l, c, b"=(command line)", &[]),
            Action::Require(m) => {
                let env = l.env;
                let req = l.get_field(env, "require");
                let name = l.new_str(m);
                docall(prog, l, req, &[name])
            }
            Action::JitCmd(cmd) => jit_cmd(prog, l, cmd),
            Action::JitOpt(items) => jit_opt(prog, l, items),
        };
    }
    if ok {
        if let Some(s) = opts.script {
            ok = run_script(prog, l, &argv, s);
        } else if opts.actions.is_empty() && !opts.version && !opts.interactive {
            if std::io::stdin().is_terminal() {
                strix_vm::lib::io::write_stdout(format!("{VERSION}\n").as_bytes());
                repl(prog, l);
            } else {
                let idx = argv.len();
                let mut av = argv.clone();
                av.push(b"-".to_vec());
                ok = run_script(prog, l, &av, idx);
            }
        }
    }
    if ok && opts.interactive {
        repl(prog, l);
    }
    // Closing the state runs the finalizers still pending, as lua_close does; they may
    // still write, so flush after.
    close_vm(lp);
    strix_vm::profile::shutdown();
    strix_vm::lib::base::flush_stdout();
    let status = if ok { 0 } else { 1 };
    strix_vm::audit::exit(status);
    status
}

fn main() {
    // The Rust runtime ignores SIGPIPE; restore C's default so that a closed pipe ends the
    // process quietly, as it ends luajit (`strix script | head -1`), and so that commands run
    // by io.popen and os.execute do not inherit the ignored signal.
    // SAFETY: setting a signal disposition before any other thread exists.
    unsafe { libc::signal(libc::SIGPIPE, libc::SIG_DFL) };
    // A file size limit (RLIMIT_FSIZE) reached by the auditlog or a script's file must
    // be a failed write (EFBIG) the VM handles, not a signal that kills it.
    // SAFETY: as above.
    unsafe { libc::signal(libc::SIGXFSZ, libc::SIG_IGN) };
    // Blocks above the GC's size classes (big hash and array parts) come from malloc.
    // glibc gives the top of its heap back to the OS once 128 KiB are free there, so
    // a program that keeps growing and dropping tables of a few dozen KiB faults the
    // same pages in again and again (50,000 page faults on the hash benchmark, a third
    // of its time). Keeping up to 32 MiB for reuse makes that free.
    // SAFETY: tuning the allocator before any other thread exists.
    #[cfg(target_env = "gnu")]
    unsafe {
        libc::mallopt(libc::M_TRIM_THRESHOLD, 32 << 20)
    };
    // Deep but bounded native recursion (nested metamethods, the parser) needs room.
    let child = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(real_main);
    // Process-directed signals (kill -SEGV, the profiler's SIGPROF) go to the VM thread,
    // whose handlers log them in order; this thread only waits.
    // SAFETY: a signal set built with sigemptyset/sigaddset, applied to this thread only.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        for sig in [
            libc::SIGSEGV,
            libc::SIGBUS,
            libc::SIGILL,
            libc::SIGFPE,
            libc::SIGABRT,
            libc::SIGPROF,
        ] {
            libc::sigaddset(&mut set, sig);
        }
        libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
    }
    let code = match child {
        Ok(h) => h.join().unwrap_or(1),
        Err(e) => {
            eprintln!("strix: cannot start the VM thread: {e}");
            1
        }
    };
    std::process::exit(code);
}
