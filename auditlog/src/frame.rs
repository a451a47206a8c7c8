//! Framing: `[u32 payload length][u32 CRC-32 of payload][payload]`, little-endian.
//! The checksum lets a reader tell a torn or damaged frame from a good one.

use crate::record::{Event, Record};

/// Bytes before a frame's payload.
pub const FRAME_HEAD: usize = 8;

/// Largest payload a reader accepts (larger lengths are damage, not records).
pub const MAX_PAYLOAD: usize = 256 << 20;

pub(crate) fn config() -> impl bincode::config::Config {
    bincode::config::standard().with_limit::<MAX_PAYLOAD>()
}

/// One event as a frame.
pub fn encode_frame(ev: &Event) -> Vec<u8> {
    let payload = bincode::serde::encode_to_vec(ev, config()).unwrap_or_default();
    let mut out = Vec::with_capacity(FRAME_HEAD + payload.len());
    out.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    out.extend_from_slice(&crate::crc::crc32(&payload).to_le_bytes());
    out.extend_from_slice(&payload);
    out
}

/// A crash event framed into `buf` without allocating (for signal handlers); returns
/// the frame's length, or 0 if `buf` is too small.
pub fn crash_frame(
    buf: &mut [u8],
    clock_ns: u64,
    signal: i32,
    fault_addr: u64,
    ip: u64,
    vmstate: i32,
) -> usize {
    let ev = Event {
        clock_ns,
        record: Record::Crash {
            signal,
            fault_addr,
            ip,
            vmstate,
        },
    };
    if buf.len() <= FRAME_HEAD {
        return 0;
    }
    let Ok(n) = bincode::serde::encode_into_slice(&ev, &mut buf[FRAME_HEAD..], config()) else {
        return 0;
    };
    let crc = crate::crc::crc32(&buf[FRAME_HEAD..FRAME_HEAD + n]);
    buf[..4].copy_from_slice(&(n as u32).to_le_bytes());
    buf[4..8].copy_from_slice(&crc.to_le_bytes());
    FRAME_HEAD + n
}
