//! `acwh sandbox fire` and credentials (hardening item 5): the key goes only to a URL the
//! user gave, through the same flag > environment > profile resolution as every command.

use crate::support::{SECRET_KEY, acwh, exec, sandbox, says};

#[test]
fn fire_with_a_key_but_no_url_sends_nothing_and_says_how_to_fix_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = acwh(dir.path());
    cmd.env("ACWH_API_KEY", SECRET_KEY);
    let r = exec(cmd, &["sandbox", "fire", "subscribe"]);
    let err = r.fails(2);
    says(err, &["no API URL", "acwh sandbox", "export", "--api-url"]);
    assert!(!err.contains(SECRET_KEY), "{err}");
}

#[test]
fn fire_uses_a_saved_profile_url_and_key_together() {
    let h = sandbox();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    let text = format!(
        "[profiles.work]\napi_url = \"{}\"\napi_key = \"{SECRET_KEY}\"\n",
        h.url()
    );
    std::fs::write(&file, text).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let r = exec(
        acwh(dir.path()),
        &["--profile", "work", "sandbox", "fire", "subscribe"],
    );
    says(r.fails(0), &["no webhook matches subscribe"]);
    assert!(!r.err.contains(SECRET_KEY), "{}", r.err);
    let log = h.sandbox().requests();
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(log[0].api_token.as_deref(), Some(SECRET_KEY));
}
