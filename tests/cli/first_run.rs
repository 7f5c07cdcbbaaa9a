//! What a new user runs first, as printed: the sample command `listen` suggests at start works
//! whether `acwh` is on PATH (after `cargo install`) or not (after `cargo run`).

use std::process::Command as StdCommand;

use crate::support::{BIN, Child, Stdout, Test};

/// Starts `acwh listen --count 1` with `path` as PATH, runs the command its hint suggests
/// through `sh` with the same PATH, and returns that command.
fn hinted_sample_arrives(t: &Test, path: &str) -> String {
    let mut cmd = t.command();
    cmd.args(["listen", "--port", "0", "--count", "1"])
        .env("PATH", path)
        .current_dir(t.path());
    let mut listener = Child::spawn(cmd, Stdout::Lines);
    listener.first_line("listen");
    let line = listener.stderr_with("send a sample with:");
    let after = line.split_once("send a sample with:").unwrap().1.trim();
    // A command too long for the line comes whole on the next one.
    let suggested = if after.is_empty() {
        listener.stderr_with("trigger subscribe").trim().to_string()
    } else {
        after.to_string()
    };
    let mut sh = StdCommand::new("/bin/sh");
    t.isolate(&mut sh);
    let o = sh
        .args(["-c", &suggested])
        .env("PATH", path)
        .current_dir(t.path())
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{suggested}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(listener.wait_exit(), Some(0), "the sample did not arrive");
    suggested
}

#[test]
fn the_sample_hint_works_with_and_without_acwh_on_path() {
    let t = Test::new();
    // Not on PATH (as after `cargo run`): the hint names this binary by its path.
    let without = hinted_sample_arrives(&t, "/usr/bin:/bin");
    assert!(!without.starts_with("acwh "), "{without}");
    // On PATH (as after `cargo install`): plain `acwh`.
    let bin = t.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    std::os::unix::fs::symlink(BIN, bin.join("acwh")).unwrap();
    let path = format!("{}:/usr/bin:/bin", bin.display());
    let with = hinted_sample_arrives(&t, &path);
    assert!(
        with.starts_with("acwh trigger subscribe --to http://127.0.0.1:"),
        "{with}"
    );
}
