//! The auditlog: strix's self-describing, crash-safe log of every VM event.
//!
//! A log is a file header (magic and format version) followed by frames, each a
//! length, a CRC-32 and a bincode-2 payload holding one [`Event`]. The first event is
//! a [`Header`] carrying the VM's own definition tables, so a reader needs neither the
//! VM's source nor its debug info. `docs/auditlog.md` specifies the format; this crate
//! is its reference writer ([`Writer`]) and reader ([`read_log`]).

mod crc;
mod frame;
mod reader;
mod record;
mod writer;

pub use crc::Crc32;
pub use frame::{crash_frame, encode_frame, FRAME_HEAD};
pub use reader::{read_log, Damage, Log};
pub use record::{Constant, Event, Header, OpDef, Record, TableValue, VarName};
pub use writer::{Writer, DEFAULT_LIMIT, DEFAULT_MEMORY_LIMIT};

/// First bytes of every auditlog file.
pub const MAGIC: [u8; 8] = *b"STRXALOG";
/// Version of the format; readers refuse other versions.
pub const FORMAT_VERSION: u32 = 1;
/// Size of the file header: magic and version.
pub const FILE_HEAD: usize = 12;

/// The file header bytes.
pub fn file_head() -> [u8; FILE_HEAD] {
    let mut h = [0u8; FILE_HEAD];
    h[..8].copy_from_slice(&MAGIC);
    h[8..].copy_from_slice(&FORMAT_VERSION.to_le_bytes());
    h
}
