//! The reader: decodes frames up to the first torn or damaged one, reports where it
//! stopped and why, and keeps everything before.

use crate::frame::{config, FRAME_HEAD, MAX_PAYLOAD};
use crate::record::{Event, Header, Record};

/// A decoded log.
#[derive(Debug, Default)]
pub struct Log {
    /// The VM's definition tables (the first record), if present.
    pub header: Option<Header>,
    /// Every event after the header, in log order.
    pub events: Vec<Event>,
    /// Where decoding stopped early, if it did.
    pub damage: Option<Damage>,
}

/// Where and why a log stops being readable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Damage {
    pub offset: u64,
    pub reason: String,
}

/// Decode a whole log. Errors only when the bytes are not an auditlog of this
/// version at all; damage later on is reported in [`Log::damage`].
pub fn read_log(bytes: &[u8]) -> Result<Log, String> {
    if bytes.len() < crate::FILE_HEAD || bytes[..8] != crate::MAGIC {
        return Err("not a strix auditlog (bad magic)".into());
    }
    let version = u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]);
    if version != crate::FORMAT_VERSION {
        return Err(format!(
            "auditlog format version {version}, this reader knows {}",
            crate::FORMAT_VERSION
        ));
    }
    let mut log = Log::default();
    let mut pos = crate::FILE_HEAD;
    while pos < bytes.len() {
        let damage = |reason: &str| {
            Some(Damage {
                offset: pos as u64,
                reason: reason.to_string(),
            })
        };
        if bytes.len() - pos < FRAME_HEAD {
            log.damage = damage("torn frame header");
            break;
        }
        let len = u32::from_le_bytes([bytes[pos], bytes[pos + 1], bytes[pos + 2], bytes[pos + 3]])
            as usize;
        let crc = u32::from_le_bytes([
            bytes[pos + 4],
            bytes[pos + 5],
            bytes[pos + 6],
            bytes[pos + 7],
        ]);
        if len > MAX_PAYLOAD {
            log.damage = damage("frame length out of range");
            break;
        }
        let body = pos + FRAME_HEAD;
        if bytes.len() - body < len {
            log.damage = damage("torn frame (file ends inside it)");
            break;
        }
        let payload = &bytes[body..body + len];
        if crate::crc::crc32(payload) != crc {
            log.damage = damage("checksum mismatch");
            break;
        }
        match bincode::serde::decode_from_slice::<Event, _>(payload, config()) {
            Ok((ev, used)) if used == len => match ev.record {
                Record::Header(h) if log.header.is_none() && log.events.is_empty() => {
                    log.header = Some(h)
                }
                _ => log.events.push(ev),
            },
            Ok(_) => {
                log.damage = damage("frame payload has trailing bytes");
                break;
            }
            Err(e) => {
                log.damage = damage(&format!("undecodable record ({e})"));
                break;
            }
        }
        pos = body + len;
    }
    Ok(log)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Event, Record, Writer};

    fn sample() -> Vec<u8> {
        let mut w = Writer::new(1 << 20);
        for i in 0..5 {
            w.record(&Event {
                clock_ns: i,
                record: Record::Lex {
                    chunkname: b"=t".to_vec(),
                    source: vec![b'x'; i as usize * 10],
                },
            });
        }
        w.pending().to_vec()
    }

    #[test]
    fn reads_back_what_was_written() {
        let log = read_log(&sample()).expect("valid log");
        assert_eq!(log.events.len(), 5);
        assert!(log.damage.is_none());
        assert_eq!(log.events[3].clock_ns, 3);
    }

    #[test]
    fn stops_at_damage_and_keeps_the_rest() {
        let good = sample();
        // Truncated anywhere: exactly the complete frames before the cut survive, and
        // a cut inside a frame is reported at that frame's start.
        let mut ends = vec![crate::FILE_HEAD];
        while *ends.last().unwrap_or(&0) < good.len() {
            let p = ends[ends.len() - 1];
            let len = u32::from_le_bytes([good[p], good[p + 1], good[p + 2], good[p + 3]]);
            ends.push(p + FRAME_HEAD + len as usize);
        }
        for cut in crate::FILE_HEAD..good.len() {
            let log = read_log(&good[..cut]).expect("header intact");
            let complete = ends.iter().filter(|&&e| e <= cut).count() - 1;
            assert_eq!(log.events.len(), complete, "cut at {cut}");
            let at_boundary = ends.contains(&cut);
            assert_eq!(log.damage.is_none(), at_boundary, "cut at {cut}");
            if let Some(d) = log.damage {
                assert_eq!(d.offset as usize, ends[complete]);
            }
        }
        // A flipped byte in the middle: decoding stops there with the offset.
        let mut bad = good.clone();
        let mid = good.len() / 2;
        bad[mid] ^= 0x55;
        let log = read_log(&bad).expect("header intact");
        let d = log.damage.expect("damage reported");
        assert!(d.offset as usize <= mid);
        // Garbage appended after a good log.
        let mut tail = good.clone();
        tail.extend_from_slice(b"garbage!garbage!");
        let log = read_log(&tail).expect("header intact");
        assert_eq!(log.events.len(), 5);
        assert_eq!(log.damage.map(|d| d.offset), Some(good.len() as u64));
        assert!(read_log(b"not a log at all").is_err());
    }

    #[test]
    fn limit_is_recorded_once() {
        let mut w = Writer::new(200);
        for i in 0..50 {
            w.record(&Event {
                clock_ns: i,
                record: Record::VmExit { status: 0 },
            });
        }
        let log = read_log(w.pending()).expect("valid");
        let limits = log
            .events
            .iter()
            .filter(|e| matches!(e.record, Record::LimitReached { .. }))
            .count();
        assert_eq!(limits, 1);
        assert!(w.dropped > 0);
    }

    #[test]
    fn crash_frame_decodes() {
        let mut buf = [0u8; 128];
        let n = crate::crash_frame(&mut buf, 7, 11, 0xdead, 0xbeef, -3);
        let mut bytes = crate::file_head().to_vec();
        bytes.extend_from_slice(&buf[..n]);
        let log = read_log(&bytes).expect("valid");
        assert_eq!(
            log.events[0].record,
            Record::Crash {
                signal: 11,
                fault_addr: 0xdead,
                ip: 0xbeef,
                vmstate: -3
            }
        );
    }
}
