//! Test helpers, one of each: [`Test`], the folder and the isolated `acwh` commands run in it;
//! [`Listener`] and [`SandboxChild`], long-running children on one child helper; [`Browser`],
//! headless Chromium over the DevTools protocol; a tiny HTTP/1.1 client over loopback
//! ([`Conn`], [`post`]) and [`closed_port`]; the AC stand-in in-process ([`sandbox`]); and the
//! shared request bodies of `tests/vectors/`. Every wait is bounded; nothing sleeps to wait.

mod cdp;
mod child;
mod http;
mod listener;
mod sandbox;
mod test;
mod tunnel;

pub use cdp::Browser;
pub use child::{Child, Stdout, peak_rss_kib};
pub use http::{Conn, FORM, closed_port, post};
pub use listener::{Listener, body_of};
pub use sandbox::{SandboxChild, inject, sandbox, status, statuses};
pub use test::{Ran, Test, exec};
pub use tunnel::{FakeTunnels, edge_addr, get, pid_alive, poll_get, read_state, wait_gone};

use std::time::Duration;

pub const BIN: &str = env!("CARGO_BIN_EXE_acwh");

/// The longest any single wait in these tests may take.
pub const WAIT: Duration = Duration::from_secs(10);

/// A key no output may ever contain.
pub const SECRET_KEY: &str = "sk-ACWH-TEST-9f8e7d6c5b4a-NEVER-PRINT";

/// A `subscribe` delivery as AC posts it (see `tests/vectors/README.md`).
pub const SUBSCRIBE: &str = include_str!("../../vectors/subscribe.form");

/// A `deal_update` delivery, ending in the `updated_fields[N]` list.
pub const DEAL_UPDATE: &str = include_str!("../../vectors/deal_update.form");

/// Asserts that `text` contains every needle, showing the text when one is missing.
pub fn says(text: &str, needles: &[&str]) {
    for n in needles {
        assert!(text.contains(n), "{n:?} missing from:\n{text}");
    }
}
