//! The one integration-test binary: the real `acwh` against real servers on 127.0.0.1 (the
//! AC stand-in from `acwh::sandbox`, and `acwh listen` itself). Nothing leaves loopback and
//! the user's own config is never read.

mod api;
mod api_hostile;
mod apply;
mod browser;
mod capture;
mod changes;
mod completions;
mod config;
mod diff;
mod docs;
mod events;
mod fakes;
mod field_names;
mod files_hostile;
mod first_run;
mod help;
mod hints;
mod hostile;
mod inspector;
mod layout;
mod listen;
mod listen_hostile;
mod man;
mod prompts;
mod readable;
mod readme;
mod register;
mod replay_edit;
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
