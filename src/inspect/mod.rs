//! Stub for the h18-pure branch only: the lead's mod.rs replaces it at merge.
#![allow(dead_code)]

pub(crate) mod har;
pub(crate) mod search;
