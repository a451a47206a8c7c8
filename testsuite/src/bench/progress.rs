//! The progress line: on a terminal, one line redrawn in place (what runs
//! now, how far along, time left); elsewhere (a nix build log) one line per
//! finished benchmark.

use std::io::{IsTerminal, Write};
use std::time::Instant;

pub struct Progress {
    total: usize,
    done: usize,
    start: Instant,
    tty: bool,
}

/// `m:ss` for a number of seconds.
fn clock(secs: f64) -> String {
    let s = secs.max(0.0).round() as u64;
    format!("{}:{:02}", s / 60, s % 60)
}

impl Progress {
    pub fn new(total: usize) -> Progress {
        Progress {
            total,
            done: 0,
            start: Instant::now(),
            tty: std::io::stderr().is_terminal(),
        }
    }

    /// Called before each process starts.
    pub fn step(&mut self, bench: &str, vm: &str, round: usize, rounds: usize) {
        if self.tty {
            let elapsed = self.start.elapsed().as_secs_f64();
            let left = if self.done > 0 {
                format!(
                    ", ~{} left",
                    clock(elapsed / self.done as f64 * (self.total - self.done) as f64)
                )
            } else {
                String::new()
            };
            eprint!(
                "\r\x1b[K[{}/{}] {bench} on {vm} (run {round}/{rounds}) {}{left}",
                self.done + 1,
                self.total,
                clock(elapsed)
            );
            let _ = std::io::stderr().flush();
        }
        self.done += 1;
    }

    /// Called when a benchmark's runs are all done; `bad` counts failed runs.
    pub fn finished(&mut self, bench: &str, bad: usize) {
        if !self.tty {
            let note = if bad > 0 {
                format!(" ({bad} runs not ok)")
            } else {
                String::new()
            };
            eprintln!(
                "[{}/{}] {bench} done at {}{note}",
                self.done,
                self.total,
                clock(self.start.elapsed().as_secs_f64())
            );
        }
    }

    /// Clears the line at the end.
    pub fn done(&self) {
        if self.tty {
            eprint!("\r\x1b[K");
            let _ = std::io::stderr().flush();
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn clock_formats_minutes_and_seconds() {
        assert_eq!(super::clock(0.0), "0:00");
        assert_eq!(super::clock(61.4), "1:01");
        assert_eq!(super::clock(3600.0), "60:00");
    }
}
