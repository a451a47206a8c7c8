//! The sampling profiler: a timer aimed at the VM thread raises SIGPROF,
//! and an async-signal-safe handler reads the `vmstate` word and bumps one counter of
//! the selected vmprofile. Profiles are opened, selected, started, stopped and closed
//! from Lua (`require("jit.vmprofile")`) or with `-p FILE`; several can be open, so an
//! application can give each of its zones its own.

use crate::state::VmState;
use std::sync::atomic::{AtomicPtr, AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;
use strix_vmprofile::Profile;

/// Default sampling interval: 1 kHz.
pub const DEFAULT_INTERVAL_US: u32 = 1000;
/// Trace buckets per profile (traces above go to the overflow bucket).
pub const MAX_TRACE: usize = 4096;

/// The selected profile's counters (null: none), and its shape, for the handler.
static COUNTS: AtomicPtr<u64> = AtomicPtr::new(std::ptr::null_mut());
static NSTATES: AtomicUsize = AtomicUsize::new(0);
static NBUCKETS: AtomicUsize = AtomicUsize::new(0);
/// Samples taken while no profile was selected (they are not lost silently).
pub static UNSELECTED: AtomicU64 = AtomicU64::new(0);

struct Open {
    profile: Profile,
    path: Vec<u8>,
    /// Hardware counter totals while this profile was selected (None: unavailable).
    cycles: Option<u64>,
    instructions: Option<u64>,
    /// The sampling interval its counts are in, once it has been sampled: a count is
    /// a number of intervals, so one profile is only ever sampled at one interval.
    interval_us: Option<u32>,
}

struct Registry {
    profiles: Vec<Option<Open>>,
    selected: Option<usize>,
    /// The running timer and its interval.
    timer: Option<(libc::timer_t, u32)>,
    hw: Option<(perf_event::Counter, perf_event::Counter)>,
    hw_tried: bool,
}

// SAFETY: the registry is only used under its mutex; timer_t is an opaque kernel id.
unsafe impl Send for Registry {}

static REG: Mutex<Registry> = Mutex::new(Registry {
    profiles: Vec::new(),
    selected: None,
    timer: None,
    hw: None,
    hw_tried: false,
});

fn reg() -> std::sync::MutexGuard<'static, Registry> {
    REG.lock().unwrap_or_else(|e| e.into_inner())
}

/// Open `path` as a new, zeroed profile; returns its handle.
pub fn open(path: &[u8]) -> Result<usize, String> {
    use std::os::unix::ffi::OsStrExt;
    let p = std::path::Path::new(std::ffi::OsStr::from_bytes(path));
    let profile =
        Profile::create(p, VmState::NAMES, MAX_TRACE, DEFAULT_INTERVAL_US).map_err(|e| {
            format!(
                "{}: {}",
                String::from_utf8_lossy(path),
                crate::lib::io::os_error_text(&e)
            )
        })?;
    let mut r = reg();
    r.profiles.push(Some(Open {
        profile,
        path: path.to_vec(),
        cycles: None,
        instructions: None,
        interval_us: None,
    }));
    Ok(r.profiles.len() - 1)
}

/// Select the profile that samples go to (None: no profile); returns the previous one.
pub fn select(h: Option<usize>) -> Result<Option<usize>, String> {
    let mut r = reg();
    if let Some(i) = h {
        if !matches!(r.profiles.get(i), Some(Some(_))) {
            return Err("invalid or closed profile".into());
        }
    }
    if let (Some(i), Some((_, us))) = (h, r.timer) {
        bind_interval(&mut r, i, us)?;
    }
    let prev = r.selected;
    hw_account(&mut r);
    r.selected = h;
    publish(&mut r);
    Ok(prev)
}

/// Profile `i` is about to be sampled every `us` microseconds: its header says so, or
/// the call fails if its counts are already in another interval.
fn bind_interval(r: &mut Registry, i: usize, us: u32) -> Result<(), String> {
    let Some(o) = r.profiles[i].as_mut() else {
        return Ok(());
    };
    match o.interval_us {
        Some(was) if was != us => Err(format!(
            "profile already sampled every {was} us (not {us} us)"
        )),
        Some(_) => Ok(()),
        None => {
            o.interval_us = Some(us);
            o.profile.set_interval_us(us);
            Ok(())
        }
    }
}

/// Point the signal handler at the selected profile's counters.
fn publish(r: &mut Registry) {
    match r.selected.and_then(|i| r.profiles[i].as_mut()) {
        Some(o) => {
            NSTATES.store(o.profile.nstates(), Ordering::Relaxed);
            NBUCKETS.store(o.profile.nbuckets(), Ordering::Relaxed);
            COUNTS.store(o.profile.counts_ptr(), Ordering::Release);
        }
        None => COUNTS.store(std::ptr::null_mut(), Ordering::Release),
    }
}

/// Credit the hardware counters counted so far to the selected profile and restart them.
fn hw_account(r: &mut Registry) {
    let Some((c, i)) = r.hw.as_mut() else {
        return;
    };
    let (cy, ins) = (c.read().ok(), i.read().ok());
    let _ = c.reset();
    let _ = i.reset();
    if let Some(o) = r.selected.and_then(|s| r.profiles[s].as_mut()) {
        o.cycles = cy.map(|v| v + o.cycles.unwrap_or(0));
        o.instructions = ins.map(|v| v + o.instructions.unwrap_or(0));
        o.profile.set_hw(o.cycles, o.instructions);
    }
}

/// Start sampling the VM thread every `interval_us` microseconds.
pub fn start(interval_us: u32) -> Result<(), String> {
    let mut r = reg();
    if r.timer.is_some() {
        return Ok(());
    }
    if let Some(i) = r.selected {
        bind_interval(&mut r, i, interval_us)?;
    }
    install_handler();
    // SAFETY: plain libc calls with valid out-pointers; the timer signals this thread
    // (SIGEV_THREAD_ID), which is the one running the VM. The clock is the thread's CPU
    // time, as LuaJIT's and RaptorJIT's profilers use: the kernel checks it on its
    // scheduler tick, so sampling costs no timer interrupts of its own (a wall-clock
    // timer costs one per sample, about 20 us each measured under virtualisation, 2% at
    // 1 kHz). A tick that covers several intervals delivers one signal whose overrun
    // count the handler adds, so the counts still measure CPU time in intervals.
    let timer = unsafe {
        let clock = libc::CLOCK_THREAD_CPUTIME_ID;
        let mut sev: libc::sigevent = std::mem::zeroed();
        sev.sigev_notify = libc::SIGEV_THREAD_ID;
        sev.sigev_signo = libc::SIGPROF;
        sev.sigev_notify_thread_id = libc::gettid();
        let mut t: libc::timer_t = std::ptr::null_mut();
        if libc::timer_create(clock, &mut sev, &mut t) != 0 {
            return Err(format!(
                "cannot create the sampling timer: {}",
                std::io::Error::last_os_error()
            ));
        }
        let iv = libc::timespec {
            tv_sec: (interval_us / 1_000_000) as libc::time_t,
            tv_nsec: (interval_us % 1_000_000) as libc::c_long * 1000,
        };
        let spec = libc::itimerspec {
            it_interval: iv,
            it_value: iv,
        };
        libc::timer_settime(t, 0, &spec, std::ptr::null_mut());
        t
    };
    r.timer = Some((timer, interval_us));
    if !r.hw_tried {
        r.hw_tried = true;
        let counter = |k| {
            perf_event::Builder::new()
                .kind(k)
                .build()
                .and_then(|mut c| c.enable().map(|_| c))
        };
        // Where the kernel refuses (perf_event_paranoid, containers), the profile says
        // the counters are unavailable and nothing else changes.
        if let (Ok(c), Ok(i)) = (
            counter(perf_event::events::Hardware::CPU_CYCLES),
            counter(perf_event::events::Hardware::INSTRUCTIONS),
        ) {
            r.hw = Some((c, i));
        }
    }
    Ok(())
}

/// Stop sampling.
pub fn stop() {
    let mut r = reg();
    if let Some((t, _)) = r.timer.take() {
        // SAFETY: t was created by timer_create and not deleted yet.
        unsafe { libc::timer_delete(t) };
    }
    hw_account(&mut r);
}

/// Close a profile: its counts are final in its file.
pub fn close(h: usize) -> Result<(), String> {
    let mut r = reg();
    if !matches!(r.profiles.get(h), Some(Some(_))) {
        return Err("invalid or closed profile".into());
    }
    if r.selected == Some(h) {
        hw_account(&mut r);
        r.selected = None;
        // The handler stops using the counters before they are unmapped.
        publish(&mut r);
    }
    if let Some(o) = r.profiles[h].take() {
        o.profile
            .flush()
            .map_err(|e| format!("{}: {e}", String::from_utf8_lossy(&o.path)))?;
    }
    Ok(())
}

/// Stop and close everything (VM exit).
pub fn shutdown() {
    stop();
    let n = reg().profiles.len();
    for h in 0..n {
        let _ = close(h);
    }
}

fn install_handler() {
    // SAFETY: installing a SA_SIGINFO handler for SIGPROF; SA_RESTART keeps the VM's
    // system calls from failing with EINTR when a sample lands in them.
    unsafe {
        let mut sa: libc::sigaction = std::mem::zeroed();
        sa.sa_sigaction = on_sample as *const () as usize;
        sa.sa_flags = libc::SA_SIGINFO | libc::SA_RESTART;
        libc::sigemptyset(&mut sa.sa_mask);
        libc::sigaction(libc::SIGPROF, &sa, std::ptr::null_mut());
    }
}

/// The head of the kernel's `siginfo_t` for a POSIX timer signal (`SI_TIMER`), which
/// the libc crate does not expose: the overrun follows the timer id in the union.
#[repr(C)]
struct TimerInfo {
    _signo: libc::c_int,
    _errno: libc::c_int,
    code: libc::c_int,
    _pad: libc::c_int,
    _tid: libc::c_int,
    overrun: libc::c_int,
}
const _: () = assert!(std::mem::size_of::<TimerInfo>() <= std::mem::size_of::<libc::siginfo_t>());

/// SIGPROF: the intervals elapsed since the last sample (one, plus the timer's overrun)
/// go to the current state. Only atomic loads and one atomic add: async-signal-safe.
extern "C" fn on_sample(_sig: libc::c_int, info: *mut libc::siginfo_t, _ctx: *mut libc::c_void) {
    // SAFETY: the kernel passes a valid siginfo_t (SA_SIGINFO), whose timer fields
    // have this layout on Linux x86-64; they are read only for timer signals.
    let n = unsafe {
        let ti = &*(info as *const TimerInfo);
        if ti.code == libc::SI_TIMER {
            1 + ti.overrun.max(0) as u64
        } else {
            1
        }
    };
    let counts = COUNTS.load(Ordering::Acquire);
    if counts.is_null() {
        UNSELECTED.fetch_add(n, Ordering::Relaxed);
        return;
    }
    let vs = crate::audit::VMSTATE.load(Ordering::Relaxed);
    let word = if vs.is_null() {
        !(VmState::C as i32)
    } else {
        // SAFETY: VMSTATE points at the live VM's state word while the VM is open.
        unsafe { (*vs).load(Ordering::Relaxed) }
    };
    let (nstates, nbuckets) = (
        NSTATES.load(Ordering::Relaxed),
        NBUCKETS.load(Ordering::Relaxed),
    );
    // Negative: a VM state outside traces (bucket 0); otherwise a trace number, with
    // numbers past the last trace bucket in the overflow bucket.
    let (bucket, state) = if word < 0 {
        (0, (!word) as usize)
    } else {
        ((word as usize).min(nbuckets - 1), VmState::Interp as usize)
    };
    if state < nstates && bucket < nbuckets {
        // SAFETY: the index is inside the selected profile's counts, which stay mapped
        // until `close` has unpublished them; the mapping is 8-byte aligned.
        unsafe {
            let c = &*(counts.add(bucket * nstates + state) as *const AtomicU64);
            c.fetch_add(n, Ordering::Relaxed);
        }
    }
}
