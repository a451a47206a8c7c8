//! Runs one VM process with stdin data, a working directory and a timeout.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How a process ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exit {
    /// Exited with this status code.
    Code(i32),
    /// Killed by this signal (a crash: the VM must never die this way).
    Signal(i32),
    /// Still running at the deadline; the runner killed it.
    Timeout,
    /// Could not be started.
    SpawnError(String),
}

/// What a process did.
#[derive(Debug, Clone)]
pub struct Output {
    pub exit: Exit,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub elapsed: Duration,
}

impl Output {
    /// Did the process exit with status 0?
    pub fn ok(&self) -> bool {
        self.exit == Exit::Code(0)
    }
}

impl std::fmt::Display for Exit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Exit::Code(c) => write!(f, "exit status {c}"),
            Exit::Signal(s) => write!(f, "killed by signal {s}"),
            Exit::Timeout => write!(f, "timeout"),
            Exit::SpawnError(e) => write!(f, "cannot start: {e}"),
        }
    }
}

fn drain(mut r: impl Read + Send + 'static) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = r.read_to_end(&mut v);
        v
    })
}

/// Runs `prog args` in `cwd` feeding `stdin`; kills it after `timeout`.
pub fn run(prog: &str, args: &[String], cwd: &Path, stdin: &[u8], timeout: Duration) -> Output {
    let start = Instant::now();
    let spawned = Command::new(prog)
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match spawned {
        Ok(c) => c,
        Err(e) => {
            return Output {
                exit: Exit::SpawnError(format!("{prog}: {e}")),
                stdout: vec![],
                stderr: vec![],
                elapsed: start.elapsed(),
            }
        }
    };
    // Writer on its own thread: a big stdin must not deadlock against full pipes.
    let mut sin = child.stdin.take().expect("piped stdin");
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = sin.write_all(&data);
    });
    let out = drain(child.stdout.take().expect("piped stdout"));
    let err = drain(child.stderr.take().expect("piped stderr"));
    let deadline = start + timeout;
    let exit = loop {
        match child.try_wait() {
            Ok(Some(st)) => break status_exit(st),
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                break Exit::Timeout;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(2)),
            Err(e) => break Exit::SpawnError(e.to_string()),
        }
    };
    let elapsed = start.elapsed();
    let _ = writer.join();
    Output {
        exit,
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
        elapsed,
    }
}

#[cfg(unix)]
fn status_exit(st: std::process::ExitStatus) -> Exit {
    use std::os::unix::process::ExitStatusExt;
    match (st.code(), st.signal()) {
        (Some(c), _) => Exit::Code(c),
        (None, Some(s)) => Exit::Signal(s),
        (None, None) => Exit::Code(-1),
    }
}

#[cfg(not(unix))]
fn status_exit(st: std::process::ExitStatus) -> Exit {
    Exit::Code(st.code().unwrap_or(-1))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn reports_status_stdout_and_timeout() {
        let o = run(
            "sh",
            &["-c".into(), "cat; exit 3".into()],
            Path::new("/"),
            b"hi",
            Duration::from_secs(10),
        );
        assert_eq!(o.exit, Exit::Code(3));
        assert_eq!(o.stdout, b"hi");
        let o = run(
            "sh",
            &["-c".into(), "exec sleep 5".into()],
            Path::new("/"),
            b"",
            Duration::from_millis(100),
        );
        assert_eq!(o.exit, Exit::Timeout);
        let o = run(
            "sh",
            &["-c".into(), "kill -9 $$".into()],
            Path::new("/"),
            b"",
            Duration::from_secs(10),
        );
        assert_eq!(o.exit, Exit::Signal(9));
    }
}
