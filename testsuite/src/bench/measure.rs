//! Runs one benchmark process and measures it: wall-clock time, CPU time and
//! peak resident memory (from `wait4`'s rusage), with a timeout.

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::proc::Exit;

/// What one process did and cost.
#[derive(Debug, Clone)]
pub struct Sample {
    pub exit: Exit,
    /// Wall-clock seconds from spawn to reaping.
    pub wall: f64,
    /// User and system CPU seconds.
    pub user: f64,
    pub sys: f64,
    /// Peak resident set size in KiB.
    pub maxrss_kib: u64,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

fn drain(mut r: impl Read + Send + 'static) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = r.read_to_end(&mut v);
        v
    })
}

/// The rusage-bearing end of a process.
struct Reaped {
    status: libc::c_int,
    usage: libc::rusage,
    at: Instant,
}

/// Blocks until `pid` ends, reaping it with `wait4` to get its own rusage.
fn wait4(pid: libc::pid_t) -> Result<Reaped, String> {
    let mut status: libc::c_int = 0;
    // SAFETY: rusage is plain old data, so all-zero bytes are a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: `status` and `usage` are valid for writes for the call's duration;
        // `pid` is our own unreaped child, so no other process is waited for.
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == pid {
            return Ok(Reaped {
                status,
                usage,
                at: Instant::now(),
            });
        }
        let err = std::io::Error::last_os_error();
        if err.kind() != std::io::ErrorKind::Interrupted {
            return Err(format!("wait4: {err}"));
        }
    }
}

fn seconds(t: libc::timeval) -> f64 {
    t.tv_sec as f64 + t.tv_usec as f64 * 1e-6
}

/// Runs `prog args` in `cwd` with empty stdin; kills its process group after `timeout`.
pub fn run(prog: &str, args: &[String], cwd: &Path, timeout: Duration) -> Sample {
    let failed = |exit: Exit| Sample {
        exit,
        wall: 0.0,
        user: 0.0,
        sys: 0.0,
        maxrss_kib: 0,
        stdout: vec![],
        stderr: vec![],
    };
    let start = Instant::now();
    // A process group of its own, so a timeout also kills what a wrapper
    // script started (and the pipes close).
    let spawned = Command::new(prog)
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn();
    let mut child = match spawned {
        Ok(c) => c,
        Err(e) => return failed(Exit::SpawnError(format!("{prog}: {e}"))),
    };
    let out = child.stdout.take().map(drain);
    let err = child.stderr.take().map(drain);
    let Ok(pid) = libc::pid_t::try_from(child.id()) else {
        return failed(Exit::SpawnError("pid out of range".into()));
    };
    let (tx, rx) = mpsc::channel();
    let waiter = std::thread::spawn(move || {
        let _ = tx.send(wait4(pid));
    });
    let (reaped, timed_out) = match rx.recv_timeout(timeout) {
        Ok(r) => (r, false),
        Err(_) => {
            // SAFETY: kill(2) with a negative pid signals our child's process
            // group; the child is not reaped yet (the waiter has not sent), so
            // its pid, which is also the group id, cannot have been reused.
            unsafe { libc::kill(-pid, libc::SIGKILL) };
            (
                rx.recv()
                    .unwrap_or_else(|_| Err("waiter thread died".into())),
                true,
            )
        }
    };
    let _ = waiter.join();
    let stdout = out.and_then(|h| h.join().ok()).unwrap_or_default();
    let stderr = err.and_then(|h| h.join().ok()).unwrap_or_default();
    let r = match reaped {
        Ok(r) => r,
        Err(e) => return failed(Exit::SpawnError(e)),
    };
    let exit = if timed_out {
        Exit::Timeout
    } else if libc::WIFEXITED(r.status) {
        Exit::Code(libc::WEXITSTATUS(r.status))
    } else if libc::WIFSIGNALED(r.status) {
        Exit::Signal(libc::WTERMSIG(r.status))
    } else {
        Exit::Code(-1)
    };
    Sample {
        exit,
        wall: r.at.duration_since(start).as_secs_f64(),
        user: seconds(r.usage.ru_utime),
        sys: seconds(r.usage.ru_stime),
        // Linux reports ru_maxrss in KiB.
        maxrss_kib: u64::try_from(r.usage.ru_maxrss).unwrap_or(0),
        stdout,
        stderr,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(script: &str, timeout: Duration) -> Sample {
        run("sh", &["-c".into(), script.into()], Path::new("/"), timeout)
    }

    #[test]
    fn measures_time_memory_and_output() {
        let s = sh("echo hi; echo err >&2; exit 3", Duration::from_secs(10));
        assert_eq!(s.exit, Exit::Code(3));
        assert_eq!(s.stdout, b"hi\n");
        assert_eq!(s.stderr, b"err\n");
        assert!(s.maxrss_kib > 0);
        let s = sh("sleep 0.2", Duration::from_secs(10));
        assert!(s.wall >= 0.2 && s.wall < 5.0, "{}", s.wall);
    }

    #[test]
    fn kills_hung_process_groups_and_reports_signals() {
        // The grandchild keeps stdout open: only killing the group ends the read.
        let s = sh("sleep 30 & sleep 30", Duration::from_millis(200));
        assert_eq!(s.exit, Exit::Timeout);
        assert!(s.wall < 10.0);
        let s = sh("kill -SEGV $$", Duration::from_secs(10));
        assert_eq!(s.exit, Exit::Signal(libc::SIGSEGV));
        let s = run(
            "/nonexistent/vm",
            &[],
            Path::new("/"),
            Duration::from_secs(1),
        );
        assert!(matches!(s.exit, Exit::SpawnError(_)));
    }
}
