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

/// A loose check (this machine may be loaded): the sampler neither invents samples
/// nor misses most of them. The 10% accuracy goal is measured by the benchmark runner.
#[test]
fn sample_count_follows_the_interval() {
    let path = tmp("count.prof");
    let t0 = std::time::Instant::now();
    let st = strix()
        .arg("-p")
        .arg(&path)
        .args(["-e", LOOP])
        .status()
        .expect("strix runs");
    let secs = t0.elapsed().as_secs_f64();
    assert!(st.success());
    let d = read_profile(&std::fs::read(&path).expect("profile written")).expect("valid");
    let expected = secs * 1e6 / d.interval_us as f64;
    let got = d.total() as f64;
    assert!(
        got <= expected * 1.05 && got >= expected * 0.5,
        "{got} samples, expected {expected}"
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
        .args(["-e", "local s = 0 for i = 1, 1e8 do s = s + i % 7 end"])
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
