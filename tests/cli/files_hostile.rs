//! Hostile files, folders and settings: a config folder others can write to, a URL with a
//! password in it, a key with a control byte in it, `config show`'s mask, and webhook files
//! whose `${VAR}` would blow up or leak.

use std::path::Path;
use std::time::Duration;

use crate::support::{Ran, SECRET_KEY, Test, exec, sandbox, says};

/// Runs `acwh login --api-key-stdin --api-url URL` as `cmd`, the key on stdin.
fn login(mut cmd: assert_cmd::Command, url: &str, key: &str) -> Ran {
    cmd.write_stdin(format!("{key}\n"));
    exec(cmd, &["login", "--api-key-stdin", "--api-url", url])
}

#[cfg(unix)]
fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(unix)]
#[test]
fn a_config_folder_others_can_write_to_is_refused() {
    let h = sandbox();
    let t = Test::new();
    chmod(t.path(), 0o777);
    let r = login(t.acwh(), &h.url(), SECRET_KEY);
    let shown = t.path().display().to_string();
    says(
        r.fails(2),
        &["writable by other users", &format!("chmod 700 {shown}")],
    );
    assert!(!r.err.contains(SECRET_KEY));
    assert_eq!(
        std::fs::read_dir(t.path()).unwrap().count(),
        0,
        "nothing is written"
    );
    assert!(h.sandbox().requests().is_empty(), "AC was not even asked");

    // A config file already there is not trusted either: its URL could be anyone's.
    chmod(t.path(), 0o700);
    login(t.acwh(), &h.url(), SECRET_KEY).ok();
    chmod(t.path(), 0o777);
    let r = t.run(&["whoami"]);
    says(r.fails(2), &["writable by other users", "chmod 700"]);
    assert_eq!(h.sandbox().requests().len(), 1, "only login's own check");
    chmod(t.path(), 0o700);
}

#[cfg(unix)]
#[test]
fn a_group_readable_config_folder_works_with_a_warning() {
    use std::os::unix::fs::PermissionsExt;
    let h = sandbox();
    let t = Test::new();
    chmod(t.path(), 0o750);
    let r = login(t.acwh(), &h.url(), SECRET_KEY);
    r.ok();
    says(&r.err, &["readable by other users", "chmod 700"]);
    let file = t.path().join("config.toml");
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);

    // A folder that does not exist yet is created owner-only.
    let fresh = t.path().join("new").join("acwh");
    let r = login(t.acwh_in(&fresh), &h.url(), SECRET_KEY);
    r.ok();
    let mode = std::fs::metadata(&fresh).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700);
}

#[test]
fn an_api_url_with_user_info_is_refused_without_printing_it() {
    let t = Test::new();
    for url in [
        "https://someuser:hunter2pass@acme.api-us1.com",
        "https://someuser:hunter2pass@acme api-us1.com",
        "ftp://someuser:hunter2pass@acme.api-us1.com",
        "http://someuser:hunter2pass@acme.api-us1.com",
    ] {
        let r = t.run(&["--api-url", url, "--api-key", "k", "list"]);
        let err = r.fails(2);
        assert!(
            !err.contains("hunter2pass") && !err.contains("someuser"),
            "{err}"
        );
        let r = login(t.acwh(), url, SECRET_KEY);
        let err = r.fails(2);
        assert!(
            !err.contains("hunter2pass") && !err.contains("someuser"),
            "{err}"
        );
    }
    // config show prints a URL from the file or the environment: never its user info.
    let mut cmd = t.acwh();
    cmd.env("ACWH_API_URL", "https://someuser:hunter2pass@a.api-us1.com");
    let r = exec(cmd, &["config", "show"]);
    let out = r.ok();
    assert!(
        !out.contains("hunter2pass") && !out.contains("someuser"),
        "{out}"
    );
}

#[test]
fn config_show_masks_all_but_a_quarter_of_the_key() {
    let t = Test::new();
    let key = "0123456789abcdefghij";
    let mut cmd = t.acwh();
    cmd.env("ACWH_API_KEY", key);
    let r = exec(cmd, &["config", "show"]);
    let line = r
        .ok()
        .lines()
        .find(|l| l.starts_with("api_key"))
        .unwrap()
        .to_string();
    assert!(line.contains("01…ij"), "{line}");
    assert!(!line.contains("0123") && !line.contains("ghij"), "{line}");
}

#[test]
fn a_key_with_a_control_character_is_refused_at_once() {
    let h = sandbox();
    let t = Test::new();
    let key = "abc\ndef-hunter2";
    let mut cmd = t.acwh();
    cmd.env("ACWH_API_URL", h.url()).env("ACWH_API_KEY", key);
    let r = exec(cmd, &["list"]);
    let err = r.fails(2);
    says(err, &["control character", "stray newline"]);
    assert!(
        !err.contains("hunter2") && !err.contains("retrying"),
        "{err}"
    );
    assert!(r.took < Duration::from_secs(5), "{:?}", r.took);

    // The same from the flag, from login's stdin and from a saved profile.
    let bell = "abc\u{7}def-hunter2";
    let r = t.run(&["--api-url", &h.url(), "--api-key", bell, "whoami"]);
    assert!(!r.fails(2).contains("hunter2"), "{}", r.err);
    let r = login(t.acwh(), &h.url(), "abc\u{1b}[2Jdef-hunter2");
    assert!(!r.fails(2).contains("hunter2"), "{}", r.err);
    assert!(!t.path().join("config.toml").exists());
    let file = t.path().join("config.toml");
    let text = format!(
        "[profiles.default]\napi_url = \"{}\"\napi_key = \"abc\\u0007def-hunter2\"\n",
        h.url()
    );
    std::fs::write(&file, text).unwrap();
    #[cfg(unix)]
    chmod(&file, 0o600);
    let r = t.run(&["whoami"]);
    assert!(!r.fails(2).contains("hunter2"), "{}", r.err);
    assert!(h.sandbox().requests().is_empty(), "nothing reached AC");
}

/// Writes `text` to `hooks.toml` in `t`'s folder and runs `acwh apply -f` on it against `h`.
fn apply(h: &acwh::sandbox::Handle, t: &Test, text: &str, env: &[(&str, String)]) -> Ran {
    let file = t.path().join("hooks.toml");
    std::fs::write(&file, text).unwrap();
    let mut cmd = t.api(&h.url());
    cmd.envs(env.iter().map(|(k, v)| (k, v)));
    exec(
        cmd,
        &["apply", "--dry-run", "-f", &file.display().to_string()],
    )
}

const ENTRY: &str =
    "[[webhook]]\nname = \"NAME\"\nurl = \"URL\"\nevents = [EVENTS]\nsources = [\"api\"]\n";

fn entry(name: &str, url: &str, events: &str) -> String {
    ENTRY
        .replace("NAME", name)
        .replace("URL", url)
        .replace("EVENTS", events)
}

#[test]
fn apply_errors_show_the_variable_not_its_value() {
    let h = sandbox();
    let t = Test::new();
    let secret = [("SECRETVAR", "hunter2-value".to_string())];
    let text = entry("a", "https://example.com/h", "\"${SECRETVAR}\"");
    let r = apply(&h, &t, &text, &secret);
    let err = r.fails(2);
    says(err, &["unknown event '${SECRETVAR}'"]);
    assert!(!err.contains("hunter2"), "{err}");

    let one = entry("${SECRETVAR}", "https://example.com/h", "\"subscribe\"");
    let r = apply(&h, &t, &format!("{one}\n{one}"), &secret);
    let err = r.fails(2);
    says(err, &["duplicate name '${SECRETVAR}'"]);
    assert!(!err.contains("hunter2"), "{err}");
}

#[test]
fn apply_caps_what_variables_expand_to() {
    let h = sandbox();
    let t = Test::new();
    // 100 KiB (an environment string's limit is 128 KiB) used 200 times: 20 MiB.
    let big = [("BIG", "x".repeat(100 * 1024))];
    let url = format!("https://example.com/{}", "${BIG}".repeat(200));
    let r = apply(&h, &t, &entry("a", &url, "\"subscribe\""), &big);
    says(r.fails(2), &["hooks.toml", "16 MiB"]);
    assert!(r.took < Duration::from_secs(5), "{:?}", r.took);
    assert!(
        h.sandbox().requests().is_empty(),
        "checked before AC is asked"
    );
}

#[cfg(unix)]
#[test]
fn a_config_file_others_can_write_to_is_refused() {
    let h = sandbox();
    let t = Test::new();
    login(t.acwh(), &h.url(), SECRET_KEY).ok();
    let file = t.path().join("config.toml");
    chmod(&file, 0o666);
    let r = t.run(&["whoami"]);
    says(r.fails(2), &["writable by other users", "chmod 600"]);
    assert_eq!(h.sandbox().requests().len(), 1, "only login's own check");
}
