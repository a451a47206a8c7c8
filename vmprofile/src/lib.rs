//! The vmprofile file format, sampler and reader — built by the observability issue.
//!
//! This crate is deliberately empty until then: nothing here pretends to sample or count.
