//! The sampling profiler as the VM runs it: sample counts match the interval, a
//! profile can be read by another process while the VM writes it, and Lua selects
//! among several profiles.

use std::process::Command;
use strix_vmprofile::read_profile;

fn strix() -> Command {
    Command::new(env!("CARGO_BIN_EXE_strix"))
}

fn tmp(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("strix-vmprofile-{}-{name}", std::process::id()))
}

const LOOP: &str = "local s = 0 for i = 1, 3e7 do s = s + i % 7 end";
const LONG_LOOP: &str = "local s = 0 for i = 1, 1e8 do s = s + i % 7 end";

/// Wait for `child`; whether it succeeded, and its CPU time (user + system) in seconds
/// (of this child alone: other tests run VMs concurrently).
fn wait_cpu(child: std::process::Child) -> (bool, f64) {
    let mut status = 0;
    // SAFETY: wait4 on our own unreaped child fills the zeroed struct we pass.
    let ru = unsafe {
        let mut ru: libc::rusage = std::mem::zeroed();
        libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut ru);
        ru
    };
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 * 1e-6;
    let ok = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    (ok, tv(ru.ru_utime) + tv(ru.ru_stime))
}

/// The sampler counts the VM thread's CPU time in intervals: a CPU-bound loop records
/// within 10% of what its CPU time (from wait4, so other tests' VMs do not count)
/// divided by the interval predicts. The kernel delivers samples on its scheduler tick,
/// up to a few ms apart, so the loop runs long enough for that to stay well inside 10%.
#[test]
fn sample_count_follows_the_interval() {
    let path = tmp("count.prof");
    let child = strix()
        .arg("-p")
        .arg(&path)
        .args(["-e", LONG_LOOP])
        .spawn()
        .expect("strix runs");
    let (ok, cpu) = wait_cpu(child);
    assert!(ok);
    let d = read_profile(&std::fs::read(&path).expect("profile written")).expect("valid");
    let expected = cpu * 1e6 / d.interval_us as f64;
    let got = d.total() as f64;
    assert!(
        (got - expected).abs() <= expected * 0.1,
        "{got} samples in {cpu:.3} s of CPU time, expected {expected:.0} +- 10%"
    );
    let interp = d
        .states
        .iter()
        .position(|s| s == "INTERP")
        .expect("INTERP state");
    assert!(d.state_totals()[interp] as f64 > got * 0.9);
    let _ = std::fs::remove_file(&path);
}

#[test]
fn another_process_reads_it_live() {
    let path = tmp("live.prof");
    let mut child = strix()
        .arg("-p")
        .arg(&path)
        .args(["-e", LONG_LOOP])
        .spawn()
        .expect("strix runs");
    std::thread::sleep(std::time::Duration::from_millis(400));
    let mid =
        read_profile(&std::fs::read(&path).expect("profile exists")).expect("valid while running");
    assert!(child.wait().expect("ends").success());
    let end = read_profile(&std::fs::read(&path).expect("profile")).expect("valid");
    assert!(
        mid.total() > 100,
        "only {} samples after 400 ms",
        mid.total()
    );
    assert!(end.total() > mid.total());
    let _ = std::fs::remove_file(&path);
}

#[test]
fn lua_selects_among_profiles() {
    let (a, b) = (tmp("a.prof"), tmp("b.prof"));
    let script = format!(
        "local vp = require('jit.vmprofile')
         local a = assert(vp.open({a:?})) local b = assert(vp.open({b:?}))
         assert(vp.select(a) == nil)
         assert(vp.start())
         {LOOP}
         assert(vp.select(b) == a)
         {LOOP} {LOOP}
         vp.stop()
         assert(vp.close(a) and vp.close(b))
         assert(not pcall(vp.select, a))
         local ok, msg = vp.open('/nonexistent-dir/x.prof')
         assert(ok == nil and msg:find('No such file or directory'))",
        a = a.to_string_lossy(),
        b = b.to_string_lossy()
    );
    let out = strix().args(["-e", &script]).output().expect("strix runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pa = read_profile(&std::fs::read(&a).expect("a")).expect("valid");
    let pb = read_profile(&std::fs::read(&b).expect("b")).expect("valid");
    assert!(
        pa.total() > 10 && pb.total() > pa.total(),
        "{} {}",
        pa.total(),
        pb.total()
    );
    let _ = std::fs::remove_file(&a);
    let _ = std::fs::remove_file(&b);
}

/// A profile's counts are in the interval it is sampled at, which its header records:
/// sampled every 500 us, a loop records twice as many counts per CPU second, and a
/// profile already sampled at one interval refuses another (from `start` and `select`).
#[test]
fn header_records_the_interval_sampled_at() {
    let (a, b) = (tmp("half-a.prof"), tmp("half-b.prof"));
    let script = format!(
        "local vp = require('jit.vmprofile')
         local a = assert(vp.open({a:?})) local b = assert(vp.open({b:?}))
         vp.select(a) assert(vp.start(500))
         {LONG_LOOP}
         vp.stop()
         vp.select(b) assert(vp.start()) vp.stop()
         local none, why = vp.start(2000)
         assert(none == nil and why:find('already sampled every 1000 us'), why)
         vp.select(nil) assert(vp.start(2000))
         local ok, msg = pcall(vp.select, a)
         assert(not ok and msg:find('already sampled every 500 us'), msg)
         vp.stop()
         assert(vp.close(a) and vp.close(b))",
        a = a.to_string_lossy(),
        b = b.to_string_lossy()
    );
    let child = strix().args(["-e", &script]).spawn().expect("strix runs");
    let (ok, cpu) = wait_cpu(child);
    assert!(ok);
    let pa = read_profile(&std::fs::read(&a).expect("a")).expect("valid");
    let pb = read_profile(&std::fs::read(&b).expect("b")).expect("valid");
    assert_eq!((pa.interval_us, pb.interval_us), (500, 1000));
    let expected = cpu * 1e6 / 500.0;
    let got = pa.total() as f64;
    assert!(
        (got - expected).abs() <= expected * 0.1,
        "{got} samples of 500 us in {cpu:.3} s of CPU time, expected {expected:.0} +- 10%"
    );
    let _ = std::fs::remove_file(&a);
    let _ = std::fs::remove_file(&b);
}
