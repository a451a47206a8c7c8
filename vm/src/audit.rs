//! The VM's side of the auditlog: one log per process, on from VM start (buffered in
//! memory until `-a FILE` or `jit.auditlog(path)` names a file), fed at each event's
//! source, and a fatal-signal handler that appends a crash record before the process
//! dies.

use crate::bc::{Mode, Op};
use crate::func::GcProto;
use crate::proto::{KGc, KValue, ProtoData};
use crate::state::VmState;
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicPtr, AtomicU64, Ordering};
use std::sync::Mutex;
use strix_auditlog::{Constant, Event, Header, OpDef, Record, TableValue, VarName, Writer};

static LOG: Mutex<Option<Writer>> = Mutex::new(None);
/// The log file's descriptor (-1 while buffering), for the signal handler.
static LOG_FD: AtomicI32 = AtomicI32::new(-1);
/// A fatal signal was logged: nothing more is (the crash record stays the last one
/// even when the signal was handled on another thread than the VM's).
static CRASHED: AtomicBool = AtomicBool::new(false);
/// CLOCK_MONOTONIC at VM start, in nanoseconds.
static START_NS: AtomicU64 = AtomicU64::new(0);
/// The running VM's state word, for the signal handlers (profiler and crash).
pub static VMSTATE: AtomicPtr<AtomicI32> = AtomicPtr::new(std::ptr::null_mut());

/// Monotonic nanoseconds (async-signal-safe).
pub fn now_ns() -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: ts is a valid timespec to fill; clock_gettime is async-signal-safe.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) };
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

fn clock() -> u64 {
    now_ns().saturating_sub(START_NS.load(Ordering::Relaxed))
}

/// The VM's definition tables, as the log's first record.
pub fn header() -> Header {
    let bytecodes: Vec<OpDef> = Op::ALL
        .iter()
        .map(|&op| {
            let m = op.modes();
            OpDef {
                name: op.name().to_string(),
                modes: [m[0] as u8, m[1] as u8, m[2] as u8],
            }
        })
        .collect();
    let vmstates: Vec<String> = VmState::NAMES.iter().map(|s| s.to_string()).collect();
    // The build id names the version and the tables a reader must agree with.
    let mut h = strix_auditlog::Crc32::new();
    for d in &bytecodes {
        h.update(d.name.as_bytes());
        h.update(&d.modes);
    }
    for s in &vmstates {
        h.update(s.as_bytes());
    }
    Header {
        vm: format!("strix {}", env!("CARGO_PKG_VERSION")),
        build_id: format!("strix-{}-{:08x}", env!("CARGO_PKG_VERSION"), h.finalize()),
        operand_modes: Mode::NAMES.iter().map(|s| s.to_string()).collect(),
        bytecodes,
        vmstates,
        event_kinds: Record::KINDS.iter().map(|s| s.to_string()).collect(),
    }
}

/// Log an event (a no-op before `start` and after a crash).
pub fn record(r: Record) {
    if CRASHED.load(Ordering::Acquire) {
        return;
    }
    let ev = Event {
        clock_ns: clock(),
        record: r,
    };
    if let Ok(mut g) = LOG.lock() {
        if let Some(w) = g.as_mut() {
            w.record(&ev);
        }
    }
}

/// Start the process's log (once): the header and the VM-start record.
pub fn start(args: &[Vec<u8>]) {
    if let Ok(mut g) = LOG.lock() {
        if g.is_some() {
            return;
        }
        START_NS.store(now_ns(), Ordering::Relaxed);
        let mut w = Writer::new(strix_auditlog::DEFAULT_MEMORY_LIMIT);
        w.record(&Event {
            clock_ns: 0,
            record: Record::Header(header()),
        });
        *g = Some(w);
    }
    let unix_time_ns = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    record(Record::VmStart {
        version: format!("strix {}", env!("CARGO_PKG_VERSION")),
        args: args.to_vec(),
        pid: std::process::id(),
        unix_time_ns,
    });
    install_crash_handlers();
}

/// Write the log to `path` from now on (everything so far first), with a size limit.
pub fn open(path: &[u8], limit: u64) -> Result<(), String> {
    use std::os::unix::ffi::OsStrExt;
    let p = std::path::Path::new(std::ffi::OsStr::from_bytes(path));
    let mut g = LOG.lock().map_err(|_| "auditlog unavailable".to_string())?;
    let Some(w) = g.as_mut() else {
        return Err("auditlog not started".into());
    };
    w.open(p, limit).map_err(|e| {
        format!(
            "{}: {}",
            String::from_utf8_lossy(path),
            crate::lib::io::os_error_text(&e)
        )
    })?;
    LOG_FD.store(w.raw_fd().unwrap_or(-1), Ordering::Relaxed);
    Ok(())
}

/// A chunk of source text reached the parser.
pub fn lex(chunkname: &[u8], source: &[u8]) {
    record(Record::Lex {
        chunkname: chunkname.to_vec(),
        source: source.to_vec(),
    });
}

/// A prototype tree was created: one record per prototype, parents first.
pub fn new_protos(root: *const GcProto) {
    // SAFETY: root is the live prototype tree just loaded.
    let pd = crate::func::proto_data(unsafe { &*root });
    proto_records(pd, root, None);
}

/// Log `pd` (the data of `p`) and then its children, each named by its prototype's
/// address. Recursion is bounded by the parser's and loader's nesting limits.
fn proto_records(pd: ProtoData, p: *const GcProto, parent: Option<u64>) {
    let id = p as u64;
    let mut children = Vec::new();
    let mut kgc = Vec::with_capacity(pd.kgc.len());
    for (i, k) in pd.kgc.into_iter().enumerate() {
        kgc.push(match k {
            KGc::Str(s) => Constant::Str(s),
            KGc::Proto(child) => {
                // SAFETY: p is live; its constant i is this child's prototype.
                let cp = unsafe { (*p).kgc(i as u32) }.ptr::<GcProto>() as *const GcProto;
                children.push((*child, cp));
                Constant::Child(cp as u64)
            }
            KGc::Table(t) => Constant::Table {
                array: t.array.iter().map(table_value).collect(),
                hash: t
                    .hash
                    .iter()
                    .map(|(k, v)| (table_value(k), table_value(v)))
                    .collect(),
            },
        });
    }
    record(Record::NewProto {
        id,
        parent,
        chunkname: pd.chunkname,
        firstline: pd.firstline,
        numline: pd.numline,
        numparams: pd.numparams,
        framesize: pd.framesize,
        flags: pd.flags,
        bytecode: pd.bc,
        lineinfo: pd.lineinfo,
        knum: pd.knum,
        kgc,
        uv: pd.uv,
        uvnames: pd.uvnames,
        varnames: pd
            .varinfo
            .into_iter()
            .map(|v| VarName {
                name: v.name,
                startpc: v.startpc,
                endpc: v.endpc,
            })
            .collect(),
    });
    for (child, cp) in children {
        proto_records(child, cp, Some(id));
    }
}

fn table_value(v: &KValue) -> TableValue {
    match v {
        KValue::Nil => TableValue::Nil,
        KValue::False => TableValue::False,
        KValue::True => TableValue::True,
        KValue::Num(n) => TableValue::Num(*n),
        KValue::Str(s) => TableValue::Str(s.clone()),
    }
}

/// An error reached the top level: `text` is the message, then (if the traceback
/// handler ran) "\nstack traceback:..." which is split off.
pub fn uncaught_error(text: &[u8]) {
    const TB: &[u8] = b"\nstack traceback:";
    let (message, traceback) = match text.windows(TB.len()).position(|w| w == TB) {
        Some(i) => (text[..i].to_vec(), text[i + 1..].to_vec()),
        None => (text.to_vec(), Vec::new()),
    };
    record(Record::UncaughtError { message, traceback });
}

/// The VM is exiting with `status`.
pub fn exit(status: i32) {
    record(Record::VmExit { status });
}

const FATAL_SIGNALS: [libc::c_int; 5] = [
    libc::SIGSEGV,
    libc::SIGBUS,
    libc::SIGILL,
    libc::SIGFPE,
    libc::SIGABRT,
];

fn install_crash_handlers() {
    for sig in FATAL_SIGNALS {
        // SAFETY: a zeroed sigaction with our handler, SA_SIGINFO (three-argument form)
        // and SA_RESETHAND (the re-raised signal gets the default action); sigaction
        // only reads it.
        unsafe {
            let mut sa: libc::sigaction = std::mem::zeroed();
            sa.sa_sigaction = crash_handler as *const () as usize;
            sa.sa_flags = libc::SA_SIGINFO | libc::SA_RESETHAND | libc::SA_ONSTACK;
            libc::sigemptyset(&mut sa.sa_mask);
            libc::sigaction(sig, &sa, std::ptr::null_mut());
        }
    }
}

/// Fatal-signal handler: frame a crash record on the stack (no allocation, no locks)
/// and write it with one `write(2)`, then let the signal kill the process.
extern "C" fn crash_handler(sig: libc::c_int, info: *mut libc::siginfo_t, ctx: *mut libc::c_void) {
    CRASHED.store(true, Ordering::Release);
    let fd = LOG_FD.load(Ordering::Relaxed);
    if fd >= 0 {
        // SAFETY: the kernel passes valid siginfo and ucontext pointers to an
        // SA_SIGINFO handler; VMSTATE is null or points at a live VM's state word.
        let (addr, ip, state) = unsafe {
            let addr = if info.is_null() {
                0
            } else {
                (*info).si_addr() as u64
            };
            let ip = if ctx.is_null() {
                0
            } else {
                (*(ctx as *const libc::ucontext_t)).uc_mcontext.gregs[libc::REG_RIP as usize] as u64
            };
            let vs = VMSTATE.load(Ordering::Relaxed);
            let state = if vs.is_null() {
                0
            } else {
                (*vs).load(Ordering::Relaxed)
            };
            (addr, ip, state)
        };
        let mut buf = [0u8; 128];
        let n = strix_auditlog::crash_frame(&mut buf, clock(), sig, addr, ip, state);
        if n > 0 {
            // SAFETY: write(2) is async-signal-safe; buf holds n initialised bytes.
            unsafe { libc::write(fd, buf.as_ptr() as *const libc::c_void, n) };
        }
    }
    // SAFETY: SA_RESETHAND restored the default action, so this ends the process with
    // the original signal (for SIGABRT and externally sent signals alike).
    unsafe { libc::raise(sig) };
}
