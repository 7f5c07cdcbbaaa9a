//! The one integration-test binary: the real `acwh` against real servers on 127.0.0.1 (the
//! AC stand-in from `acwh::sandbox`, and `acwh listen` itself). Nothing leaves loopback and
//! the user's own config is never read.

mod api;
mod api_hostile;
mod apply;
mod capture;
mod completions;
mod config;
mod docs;
mod fakes;
mod field_names;
mod files_hostile;
mod hostile;
mod layout;
mod listen;
mod listen_hostile;
mod readable;
mod register;
mod replay_hostile;
mod sandbox;
mod sandbox_hostile;
mod save_hostile;
mod support;
mod terminal_hostile;
mod trigger;
mod tunnel;
mod usage;
mod vectors;
