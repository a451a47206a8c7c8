//! The vmprofile format: a small header and 64-bit sample counts indexed
//! `[bucket][state]`, in a file mapped `MAP_SHARED` so another process can read the
//! counts while the VM bumps them. `docs/vmprofile.md` specifies the layout; this
//! crate creates profiles ([`Profile`]) and reads them ([`read_profile`]).
//!
//! Buckets: 0 is time outside any trace; `1..=MAX_TRACE` are trace numbers; the last
//! is the overflow bucket for trace numbers above `MAX_TRACE`, so they are counted
//! but never mixed with another trace's.

use memmap2::MmapMut;
use std::fs::OpenOptions;

/// First bytes of every profile file.
pub const MAGIC: [u8; 8] = *b"STRXPROF";
/// Layout version; readers refuse others.
pub const VERSION: u32 = 1;
/// Bytes per state name (NUL-padded).
pub const NAME_LEN: usize = 16;
/// Bytes of the fixed header fields, before the state names.
pub const FIXED_HEAD: usize = 64;

/// Hardware counters a profile records, by bit in `hw_flags`.
pub const HW_CYCLES: u32 = 1;
pub const HW_INSTRUCTIONS: u32 = 2;

/// Byte offsets of the header fields (all little-endian).
mod off {
    pub const VERSION: usize = 8;
    pub const HEAD_SIZE: usize = 12;
    pub const NSTATES: usize = 16;
    pub const NBUCKETS: usize = 20;
    pub const INTERVAL_US: usize = 24;
    pub const HW_FLAGS: usize = 28;
    pub const HW_CYCLES: usize = 32;
    pub const HW_INSTRUCTIONS: usize = 40;
}

/// A profile open for counting.
pub struct Profile {
    map: MmapMut,
    nstates: usize,
    nbuckets: usize,
    head: usize,
}

fn head_size(nstates: usize) -> usize {
    // Counts start 8-byte aligned.
    (FIXED_HEAD + nstates * NAME_LEN).next_multiple_of(8)
}

impl Profile {
    /// Create (or truncate) `path` as a zeroed profile for `states` and traces up to
    /// `max_trace`, sampling every `interval_us` microseconds.
    pub fn create(
        path: &std::path::Path,
        states: &[&str],
        max_trace: usize,
        interval_us: u32,
    ) -> std::io::Result<Profile> {
        let nstates = states.len();
        let nbuckets = max_trace + 2;
        let head = head_size(nstates);
        let size = head + nbuckets * nstates * 8;
        let f = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(path)?;
        f.set_len(size as u64)?;
        // SAFETY: the file was just sized by us; another process mapping it at the same
        // time only sees counters change, which is the point of MAP_SHARED here.
        let mut map = unsafe { MmapMut::map_mut(&f)? };
        map[..8].copy_from_slice(&MAGIC);
        put32(&mut map, off::VERSION, VERSION);
        put32(&mut map, off::HEAD_SIZE, head as u32);
        put32(&mut map, off::NSTATES, nstates as u32);
        put32(&mut map, off::NBUCKETS, nbuckets as u32);
        put32(&mut map, off::INTERVAL_US, interval_us);
        for (i, s) in states.iter().enumerate() {
            let at = FIXED_HEAD + i * NAME_LEN;
            let b = s.as_bytes();
            let n = b.len().min(NAME_LEN - 1);
            map[at..at + n].copy_from_slice(&b[..n]);
        }
        Ok(Profile {
            map,
            nstates,
            nbuckets,
            head,
        })
    }

    /// The counters, `[bucket][state]` flattened, for the sampler to bump atomically.
    pub fn counts_ptr(&mut self) -> *mut u64 {
        // SAFETY: head is inside the mapping and 8-byte aligned (mappings are page aligned).
        unsafe { self.map.as_mut_ptr().add(self.head) as *mut u64 }
    }

    pub fn nstates(&self) -> usize {
        self.nstates
    }

    pub fn nbuckets(&self) -> usize {
        self.nbuckets
    }

    /// Record hardware counter totals (`None`: unavailable on this machine).
    pub fn set_hw(&mut self, cycles: Option<u64>, instructions: Option<u64>) {
        let mut flags = 0;
        if cycles.is_some() {
            flags |= HW_CYCLES;
        }
        if instructions.is_some() {
            flags |= HW_INSTRUCTIONS;
        }
        put32(&mut self.map, off::HW_FLAGS, flags);
        put64(&mut self.map, off::HW_CYCLES, cycles.unwrap_or(0));
        put64(
            &mut self.map,
            off::HW_INSTRUCTIONS,
            instructions.unwrap_or(0),
        );
    }

    /// Record the interval the counts are in (the sampler's, once it samples here).
    pub fn set_interval_us(&mut self, interval_us: u32) {
        put32(&mut self.map, off::INTERVAL_US, interval_us);
    }

    /// Push the counts to the file now (they reach it anyway when unmapped).
    pub fn flush(&self) -> std::io::Result<()> {
        self.map.flush()
    }
}

fn put32(m: &mut [u8], at: usize, v: u32) {
    m[at..at + 4].copy_from_slice(&v.to_le_bytes());
}
fn put64(m: &mut [u8], at: usize, v: u64) {
    m[at..at + 8].copy_from_slice(&v.to_le_bytes());
}
fn get32(m: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([m[at], m[at + 1], m[at + 2], m[at + 3]])
}
fn get64(m: &[u8], at: usize) -> u64 {
    let mut b = [0u8; 8];
    b.copy_from_slice(&m[at..at + 8]);
    u64::from_le_bytes(b)
}

/// A profile as read back.
#[derive(Clone, Debug, PartialEq)]
pub struct ProfileData {
    pub states: Vec<String>,
    pub interval_us: u32,
    /// Cycles and instructions, where they were available.
    pub hw_cycles: Option<u64>,
    pub hw_instructions: Option<u64>,
    /// `counts[bucket][state]`.
    pub counts: Vec<Vec<u64>>,
}

impl ProfileData {
    /// Samples per state over all buckets.
    pub fn state_totals(&self) -> Vec<u64> {
        let mut t = vec![0; self.states.len()];
        for b in &self.counts {
            for (i, c) in b.iter().enumerate() {
                t[i] += c;
            }
        }
        t
    }

    pub fn total(&self) -> u64 {
        self.state_totals().iter().sum()
    }
}

/// Decode a profile file's bytes, checking every size against the data.
pub fn read_profile(b: &[u8]) -> Result<ProfileData, String> {
    if b.len() < FIXED_HEAD || b[..8] != MAGIC {
        return Err("not a strix vmprofile (bad magic)".into());
    }
    let version = get32(b, off::VERSION);
    if version != VERSION {
        return Err(format!(
            "vmprofile version {version}, this reader knows {VERSION}"
        ));
    }
    let head = get32(b, off::HEAD_SIZE) as usize;
    let nstates = get32(b, off::NSTATES) as usize;
    let nbuckets = get32(b, off::NBUCKETS) as usize;
    if nstates == 0 || nstates > 64 || head != head_size(nstates) {
        return Err(format!(
            "damaged header (state count {nstates}, header size {head})"
        ));
    }
    let need = nbuckets
        .checked_mul(nstates * 8)
        .and_then(|n| n.checked_add(head))
        .ok_or("damaged header (bucket count)")?;
    if b.len() < need {
        return Err(format!(
            "truncated: {} bytes, the header promises {need}",
            b.len()
        ));
    }
    let states = (0..nstates)
        .map(|i| {
            let n = &b[FIXED_HEAD + i * NAME_LEN..FIXED_HEAD + (i + 1) * NAME_LEN];
            let end = n.iter().position(|&c| c == 0).unwrap_or(NAME_LEN);
            String::from_utf8_lossy(&n[..end]).into_owned()
        })
        .collect();
    let flags = get32(b, off::HW_FLAGS);
    let counts = (0..nbuckets)
        .map(|k| {
            (0..nstates)
                .map(|s| get64(b, head + (k * nstates + s) * 8))
                .collect()
        })
        .collect();
    Ok(ProfileData {
        states,
        interval_us: get32(b, off::INTERVAL_US),
        hw_cycles: (flags & HW_CYCLES != 0).then(|| get64(b, off::HW_CYCLES)),
        hw_instructions: (flags & HW_INSTRUCTIONS != 0).then(|| get64(b, off::HW_INSTRUCTIONS)),
        counts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_round_trip_and_damage_is_reported() {
        let path = std::env::temp_dir().join(format!("strix-vmprofile-{}", std::process::id()));
        let mut p = Profile::create(&path, &["INTERP", "C", "GC"], 4, 1000).expect("created");
        // SAFETY: bucket 0 and 5 are inside the counts for 3 states and 6 buckets.
        unsafe {
            *p.counts_ptr().add(1) += 7;
            *p.counts_ptr().add(5 * 3 + 2) += 2;
        }
        p.set_hw(Some(100), None);
        p.flush().expect("flushed");
        let bytes = std::fs::read(&path).expect("readable");
        let d = read_profile(&bytes).expect("valid");
        assert_eq!(d.states, ["INTERP", "C", "GC"]);
        assert_eq!(d.state_totals(), [0, 7, 2]);
        assert_eq!(d.counts.len(), 6);
        assert_eq!((d.hw_cycles, d.hw_instructions), (Some(100), None));
        assert!(read_profile(&bytes[..bytes.len() - 1])
            .unwrap_err()
            .contains("truncated"));
        let mut other = bytes.clone();
        other[8] = 9;
        assert!(read_profile(&other).unwrap_err().contains("version 9"));
        assert!(read_profile(b"junk").is_err());
        for cut in 0..bytes.len() {
            let _ = read_profile(&bytes[..cut]);
        }
        let _ = std::fs::remove_file(&path);
    }
}
