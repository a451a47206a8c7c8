//! The writer: frames go to a bounded memory buffer until a file is named, then every
//! buffered byte is written and each later frame is written through at once (one
//! `write(2)` per record), so a killed process leaves a log complete up to its last
//! record.

use crate::frame::encode_frame;
use crate::record::{Event, Record};
use std::fs::File;
use std::io::Write;
use std::os::fd::AsRawFd;

/// The log being written.
pub struct Writer {
    /// Bytes not yet in a file (the file header first), while no file is open.
    pending: Vec<u8>,
    file: Option<File>,
    /// Bytes in the log so far (buffered or written).
    size: u64,
    /// Size limit of the log; reaching it is logged, then logging stops.
    limit: u64,
    full: bool,
    /// Events not logged because the limit was reached.
    pub dropped: u64,
}

/// Default size limit: 1 GiB in a file, and the memory buffer before a file opens.
pub const DEFAULT_LIMIT: u64 = 1 << 30;
pub const DEFAULT_MEMORY_LIMIT: u64 = 64 << 20;

impl Writer {
    /// A log buffering in memory, up to `memory_limit` bytes until a file opens.
    pub fn new(memory_limit: u64) -> Writer {
        let head = crate::file_head();
        Writer {
            pending: head.to_vec(),
            file: None,
            size: head.len() as u64,
            limit: memory_limit,
            full: false,
            dropped: 0,
        }
    }

    /// Log an event (dropped, and counted, once the limit was reached).
    pub fn record(&mut self, ev: &Event) {
        if self.full {
            self.dropped += 1;
            return;
        }
        let frame = encode_frame(ev);
        // Keep room for the limit record itself.
        if self.size + frame.len() as u64 + 64 > self.limit {
            self.full = true;
            self.dropped += 1;
            let note = encode_frame(&Event {
                clock_ns: ev.clock_ns,
                record: Record::LimitReached { limit: self.limit },
            });
            self.emit(&note);
            return;
        }
        self.emit(&frame);
    }

    fn emit(&mut self, frame: &[u8]) {
        self.size += frame.len() as u64;
        match self.file.as_mut() {
            // A failed write (disk full) ends file logging; the VM goes on.
            Some(f) => {
                if f.write_all(frame).is_err() {
                    self.file = None;
                    self.full = true;
                }
            }
            None => self.pending.extend_from_slice(frame),
        }
    }

    /// Start writing to `path` (created or truncated) with size limit `limit`:
    /// everything buffered so far goes first. If the file cannot be created the log
    /// keeps buffering (and the error is returned).
    pub fn open(&mut self, path: &std::path::Path, limit: u64) -> std::io::Result<()> {
        let mut f = File::create(path)?;
        let bytes = match self.file.take() {
            // Already writing elsewhere: the new file starts over from the header,
            // as the earlier records are in the other file.
            Some(_) => crate::file_head().to_vec(),
            None => std::mem::take(&mut self.pending),
        };
        self.size = bytes.len() as u64;
        self.limit = limit;
        // A write that fails now (a full disk) leaves the log as far as it got and
        // stops logging; the VM goes on.
        if f.write_all(&bytes).is_err() {
            self.full = true;
            return Ok(());
        }
        self.full = self.size > limit;
        self.file = Some(f);
        Ok(())
    }

    /// The open file's descriptor, for writing a crash record from a signal handler.
    pub fn raw_fd(&self) -> Option<i32> {
        self.file.as_ref().map(|f| f.as_raw_fd())
    }

    /// Has the limit been reached?
    pub fn is_full(&self) -> bool {
        self.full
    }

    /// The bytes buffered while no file is open (a log image in memory).
    pub fn pending(&self) -> &[u8] {
        &self.pending
    }
}
