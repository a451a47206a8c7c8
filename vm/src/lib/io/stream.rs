//! C stdio streams under the io library: one `FILE*`, and so one buffer, per Lua file.
//!
//! Going through the C library gives what LuaJIT users expect for free: the standard
//! streams' buffering (line-buffered on a terminal, fully buffered otherwise), `exit()`
//! flushing everything, `popen`/`pclose`, and `fscanf`'s number syntax for `*n`.

use libc::{c_char, c_int, FILE};

extern "C" {
    // The C library's standard streams: `print`, `io.write` and `io.stdout` share `stdout`.
    static mut stdin: *mut FILE;
    static mut stdout: *mut FILE;
    static mut stderr: *mut FILE;
}

/// An errno value from a failed stream operation.
pub type Errno = i32;

/// The calling thread's errno.
pub fn errno() -> Errno {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

/// `strerror(code)`: the C library's wording ("No such file or directory").
pub fn strerror(code: Errno) -> Vec<u8> {
    // SAFETY: strerror returns a valid NUL-terminated string for any code; it is copied
    // before anything else can call strerror again.
    unsafe {
        std::ffi::CStr::from_ptr(libc::strerror(code))
            .to_bytes()
            .to_vec()
    }
}

/// A C string for a path or mode: like C, everything from the first NUL on is ignored.
fn c_string(b: &[u8]) -> std::ffi::CString {
    let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
    // The slice holds no NUL, so this cannot fail; an empty string is the fallback anyway.
    std::ffi::CString::new(&b[..end]).unwrap_or_default()
}

/// An open C stream. Invariant: the pointer is a live `FILE*` until `close`/`pclose`
/// consume the handle; the io library drops its copies at that point.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Stream(*mut FILE);

/// Which standard stream.
#[derive(Clone, Copy)]
pub enum Std {
    In,
    Out,
    Err,
}

/// How `setvbuf` buffers.
#[derive(Clone, Copy)]
pub enum Buffering {
    No,
    Full,
    Line,
}

/// Where `seek` counts from.
#[derive(Clone, Copy)]
pub enum Whence {
    Set,
    Cur,
    End,
}

impl Stream {
    /// One of the process's standard streams.
    pub fn std(which: Std) -> Stream {
        // SAFETY: the C library initialises its standard streams before main; reading the
        // pointer values does not create references to the statics.
        Stream(unsafe {
            match which {
                Std::In => stdin,
                Std::Out => stdout,
                Std::Err => stderr,
            }
        })
    }

    /// Rebuild a handle from the pointer `as_ptr` returned (null means closed).
    pub fn from_ptr(p: *mut FILE) -> Option<Stream> {
        if p.is_null() {
            None
        } else {
            Some(Stream(p))
        }
    }

    pub fn as_ptr(self) -> *mut FILE {
        self.0
    }

    /// `fopen(path, mode)`.
    pub fn open(path: &[u8], mode: &[u8]) -> Result<Stream, Errno> {
        let (p, m) = (c_string(path), c_string(mode));
        // SAFETY: both arguments are NUL-terminated strings.
        let fp = unsafe { libc::fopen(p.as_ptr(), m.as_ptr()) };
        Stream::from_ptr(fp).ok_or_else(errno)
    }

    /// `popen(cmd, mode)`, after flushing every stream so output stays in order.
    pub fn popen(cmd: &[u8], mode: &[u8]) -> Result<Stream, Errno> {
        let (c, m) = (c_string(cmd), c_string(mode));
        flush_all();
        // SAFETY: both arguments are NUL-terminated strings.
        let fp = unsafe { libc::popen(c.as_ptr(), m.as_ptr()) };
        Stream::from_ptr(fp).ok_or_else(errno)
    }

    /// `tmpfile()`: an anonymous file opened "w+b", removed when closed.
    pub fn tmpfile() -> Result<Stream, Errno> {
        // SAFETY: tmpfile has no preconditions.
        let fp = unsafe { libc::tmpfile() };
        Stream::from_ptr(fp).ok_or_else(errno)
    }

    /// `fclose`: flush and close; the handle is gone whatever the result.
    pub fn close(self) -> Result<(), Errno> {
        // SAFETY: self is live and is not used again (the invariant of `Stream`).
        if unsafe { libc::fclose(self.0) } == 0 {
            Ok(())
        } else {
            Err(errno())
        }
    }

    /// `pclose`: close a pipe and wait for its process; the handle is gone afterwards.
    pub fn pclose(self) -> Result<c_int, Errno> {
        // SAFETY: self is a live stream from popen, not used again.
        let st = unsafe { libc::pclose(self.0) };
        if st == -1 {
            Err(errno())
        } else {
            Ok(st)
        }
    }

    /// Forget earlier error and end-of-file indications.
    pub fn clear_err(self) {
        // SAFETY: self is live.
        unsafe { libc::clearerr(self.0) }
    }

    /// The errno of a failure, if the stream's error indicator says one happened.
    fn failed(self) -> Option<Errno> {
        // SAFETY: self is live.
        if unsafe { libc::ferror(self.0) } != 0 {
            Some(errno())
        } else {
            None
        }
    }

    /// Read a line into `out` (with its newline if `keep_nl`); false if nothing was left.
    pub fn read_line(self, out: &mut Vec<u8>, keep_nl: bool) -> Result<bool, Errno> {
        let mut buf: *mut c_char = std::ptr::null_mut();
        let mut cap: libc::size_t = 0;
        // SAFETY: getline allocates `buf` with malloc (freed below) and returns how many
        // bytes it holds, NULs included.
        let n = unsafe { libc::getline(&mut buf, &mut cap, self.0) };
        let err = if n < 0 { self.failed() } else { None };
        if n > 0 {
            // SAFETY: buf holds n bytes.
            let line = unsafe { std::slice::from_raw_parts(buf as *const u8, n as usize) };
            let line = match line.split_last() {
                Some((b'\n', rest)) if !keep_nl => rest,
                _ => line,
            };
            out.extend_from_slice(line);
        }
        // SAFETY: buf is null or came from malloc inside getdelim.
        unsafe { libc::free(buf as *mut libc::c_void) };
        match err {
            Some(e) => Err(e),
            None => Ok(n > 0),
        }
    }

    /// Read up to `max` bytes into `out` (fewer at end of file); true if any were read.
    pub fn read_len(self, max: usize, out: &mut Vec<u8>) -> Result<bool, Errno> {
        let start = out.len();
        let mut left = max;
        while left > 0 {
            // Grow geometrically so that a huge count does not reserve memory it never uses.
            let chunk = left.min(out.len().max(8192));
            out.reserve(chunk);
            // SAFETY: `chunk` bytes are reserved past len; fread writes at most that many
            // and set_len covers only what it wrote.
            let got = unsafe {
                let dst = out.as_mut_ptr().add(out.len());
                let got = libc::fread(dst as *mut libc::c_void, 1, chunk, self.0);
                out.set_len(out.len() + got);
                got
            };
            left -= got;
            if got < chunk {
                if let Some(e) = self.failed() {
                    return Err(e);
                }
                break;
            }
        }
        Ok(out.len() > start)
    }

    /// Read everything up to end of file into `out`.
    pub fn read_all(self, out: &mut Vec<u8>) -> Result<(), Errno> {
        self.read_len(usize::MAX, out).map(|_| ())
    }

    /// Whether anything is left to read (`read(0)`), without consuming it.
    pub fn has_more(self) -> Result<bool, Errno> {
        // SAFETY: self is live; the byte read is pushed back.
        let c = unsafe { libc::fgetc(self.0) };
        if c == libc::EOF {
            return match self.failed() {
                Some(e) => Err(e),
                None => Ok(false),
            };
        }
        // SAFETY: as above; one byte of push-back is always possible after a read.
        unsafe { libc::ungetc(c, self.0) };
        Ok(true)
    }

    /// Read a number as `fscanf("%lf")` does (LuaJIT's `*n`).
    pub fn read_num(self) -> Result<Option<f64>, Errno> {
        let mut d: f64 = 0.0;
        // SAFETY: the format converts exactly one double into `d`.
        let n = unsafe { libc::fscanf(self.0, c"%lf".as_ptr(), &mut d as *mut f64) };
        if n == 1 {
            return Ok(Some(d));
        }
        match self.failed() {
            Some(e) => Err(e),
            None => Ok(None),
        }
    }

    /// Write all of `b`.
    pub fn write(self, b: &[u8]) -> Result<(), Errno> {
        if b.is_empty() {
            return Ok(());
        }
        // SAFETY: b is a valid slice; self is live.
        let n = unsafe { libc::fwrite(b.as_ptr() as *const libc::c_void, 1, b.len(), self.0) };
        if n == b.len() {
            Ok(())
        } else {
            Err(errno())
        }
    }

    /// `fflush`.
    pub fn flush(self) -> Result<(), Errno> {
        // SAFETY: self is live.
        if unsafe { libc::fflush(self.0) } == 0 {
            Ok(())
        } else {
            Err(errno())
        }
    }

    /// Move the file position; the new position from the start of the file.
    pub fn seek(self, whence: Whence, off: i64) -> Result<i64, Errno> {
        let w = match whence {
            Whence::Set => libc::SEEK_SET,
            Whence::Cur => libc::SEEK_CUR,
            Whence::End => libc::SEEK_END,
        };
        // SAFETY: self is live.
        unsafe {
            if libc::fseeko(self.0, off as libc::off_t, w) != 0 {
                return Err(errno());
            }
            let pos = libc::ftello(self.0);
            if pos < 0 {
                return Err(errno());
            }
            Ok(pos as i64)
        }
    }

    /// `setvbuf` with a buffer the C library allocates.
    pub fn setvbuf(self, mode: Buffering, size: usize) -> Result<(), Errno> {
        let m = match mode {
            Buffering::No => libc::_IONBF,
            Buffering::Full => libc::_IOFBF,
            Buffering::Line => libc::_IOLBF,
        };
        // SAFETY: self is live; a null buffer lets the C library manage it.
        if unsafe { libc::setvbuf(self.0, std::ptr::null_mut(), m, size) } == 0 {
            Ok(())
        } else {
            Err(errno())
        }
    }
}

/// Flush every open output stream (before running a process, and at exit).
pub fn flush_all() {
    // SAFETY: fflush(NULL) flushes all streams and has no preconditions.
    unsafe { libc::fflush(std::ptr::null_mut()) };
}
