//! The auditlog event-log format (record types, writer, reader) — built by the observability issue.
//!
//! This crate is deliberately empty until then: nothing here pretends to write or read a log.
