//! Hostile save files and request paths against `replay --curl`, `replay --to` and
//! `listen --forward-to`. The printed curl lines run in `sh` with a stub `curl` first on
//! PATH that records its argv and stdin; the "app" is an `acwh listen --json` that reports
//! every path it receives.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use base64::Engine as _;
use serde_json::json;

use crate::support::{Conn, FORM, Listener, Test};

/// One saved delivery: (method, target, headers, body).
type Line<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)], &'a [u8]);

/// A save file with `lines`, numbered from 1, bodies as base64 (byte-exact).
fn save_file(dir: &Path, lines: &[Line]) -> PathBuf {
    let text: String = lines
        .iter()
        .enumerate()
        .map(|(i, (method, target, headers, body))| {
            let v = json!({
                "seq": i + 1,
                "received_at": "2026-01-01T00:00:00+00:00",
                "method": method,
                "path": target.split('?').next(),
                "target": target,
                "headers": headers.iter().map(|(k, v)| [k, v]).collect::<Vec<_>>(),
                "event": null,
                "body_base64": base64::engine::general_purpose::STANDARD.encode(body),
                "response": {"status": 200, "forward": null},
            });
            format!("{v}\n")
        })
        .collect();
    let file = dir.join("hostile.jsonl");
    std::fs::write(&file, text).unwrap();
    file
}

/// A folder holding a `curl` that writes its argv (NUL-separated) to `$STUB_OUT.argv` and
/// its stdin to `$STUB_OUT.stdin`, and does nothing else.
fn stub_curl(dir: &Path) -> PathBuf {
    let bin = dir.join("bin");
    std::fs::create_dir(&bin).unwrap();
    let curl = bin.join("curl");
    std::fs::write(
        &curl,
        "#!/bin/sh\nprintf '%s\\0' \"$@\" > \"$STUB_OUT.argv\"\ncat > \"$STUB_OUT.stdin\"\n",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(&curl, std::fs::Permissions::from_mode(0o755)).unwrap();
    bin
}

/// Runs one printed line in `sh -c` in `cwd` with the stub first on PATH; returns the
/// stub's argv and stdin.
fn run_line(line: &str, bin: &Path, cwd: &Path, n: usize) -> (Vec<String>, Vec<u8>) {
    let out = cwd.join(format!("call{n}"));
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let status = Command::new("sh")
        .args(["-c", line])
        .current_dir(cwd)
        .env("PATH", path)
        .env("STUB_OUT", &out)
        .stdin(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "{line}");
    let argv = std::fs::read(out.with_extension("argv")).unwrap();
    let argv = argv
        .split(|b| *b == 0)
        .filter(|a| !a.is_empty())
        .map(|a| String::from_utf8(a.to_vec()).unwrap())
        .collect();
    (argv, std::fs::read(out.with_extension("stdin")).unwrap())
}

/// The argument after the first `flag` in `argv`.
fn after<'a>(argv: &'a [String], flag: &str) -> Option<&'a str> {
    let i = argv.iter().position(|a| a == flag)?;
    argv.get(i + 1).map(String::as_str)
}

#[test]
fn curl_lines_run_nothing_and_send_exactly_the_saved_request() {
    let t = Test::new();
    let cwd = t.path().join("cwd");
    std::fs::create_dir(&cwd).unwrap();
    let bin = stub_curl(t.path());
    let lines: &[Line] = &[
        (
            "X`touch$IFS.PWNED`Y",
            "/h",
            &[("content-type", "text/plain"), ("x-a", "$(touch PWNED3)")],
            b"@/etc/passwd",
        ),
        (
            "X&touch$IFS.PWNED2&",
            "/h/$(touch$IFS.PWNED4)?q=`touch$IFS.PWNED5`",
            &[("x-b", "`touch PWNED6`; $(touch PWNED7) ' \" \\ %s")],
            b"\0\xff\x00bin\x1b[2J\x9b",
        ),
        (
            "POST",
            "/t",
            &[
                ("x-tab", "a\tb"),
                ("x-bidi", "evil\u{202e}txt\u{9b}"),
                ("x-empty", ""),
                ("connection", "close"),
            ],
            b"it's\nmulti\r\nline %s %n \\ \\047 $(touch PWNED8)\n",
        ),
        ("-oPWNED9", "/", &[], b""),
    ];
    let file = save_file(t.path(), lines);
    let ran = t.run(&[
        "replay",
        file.to_str().unwrap(),
        "--all",
        "--curl",
        "--to",
        "http://127.0.0.1:9/base",
    ]);
    let printed = ran.ok();
    assert!(acwh::escape::is_terminal_safe(printed), "{printed:?}");
    let printed: Vec<&str> = printed.lines().collect();
    assert_eq!(printed.len(), lines.len(), "{printed:#?}");
    for (n, ((method, _, headers, body), line)) in lines.iter().zip(&printed).enumerate() {
        let (argv, stdin) = run_line(line, &bin, &cwd, n);
        assert_eq!(after(&argv, "-X"), Some(*method), "{line}\n{argv:?}");
        assert!(
            argv.iter()
                .any(|a| a.starts_with("http://127.0.0.1:9/base/")),
            "{argv:?}"
        );
        for (k, v) in headers.iter().filter(|(k, _)| *k != "connection") {
            let want = if v.is_empty() {
                format!("{k};")
            } else {
                format!("{k}: {v}")
            };
            assert!(
                argv.windows(2).any(|w| w[0] == "-H" && w[1] == want),
                "{want:?} not sent by {line}\n{argv:?}"
            );
        }
        assert!(!argv.iter().any(|a| a.contains("onnection")), "{argv:?}");
        if body.is_empty() {
            assert!(!argv.iter().any(|a| a.starts_with("--data")), "{argv:?}");
        } else {
            assert_eq!(after(&argv, "--data-binary"), Some("@-"), "{argv:?}");
            assert_eq!(&stdin, body, "{line}");
        }
    }
    let made: Vec<_> = std::fs::read_dir(&cwd)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.contains("PWNED"))
        .collect();
    assert!(made.is_empty(), "the printed lines ran {made:?}");
}

#[test]
fn requests_no_http_can_carry_are_refused_and_the_rest_replayed() {
    let t = Test::new();
    let file = save_file(
        t.path(),
        &[
            ("POST\r\nX-Evil: 1", "/a", &[], b"a=1"),
            ("PO ST", "/a", &[], b"a=1"),
            ("POST", "/a", &[("x-a", "1\r\nX-Evil: 2")], b"a=1"),
            ("POST", "/a", &[("x-a", "\u{1b}]52;c;eA==\u{7}")], b"a=1"),
            ("POST", "/a", &[("a b", "1")], b"a=1"),
            ("POST", "/a", &[("@/etc/passwd", "1")], b"a=1"),
            ("POST", "/ok", &[("content-type", FORM)], b"a=2"),
        ],
    );
    let app = Listener::start(&["--json"]);
    let f = file.to_str().unwrap();
    let curl = t.run(&["replay", f, "--all", "--curl"]);
    let err = curl.fails(2);
    assert!(acwh::escape::is_terminal_safe(err), "{err:?}");
    for n in 1..=6 {
        assert!(err.contains(&format!("#{n} not replayed")), "{err}");
    }
    assert_eq!(curl.out.lines().count(), 1, "{}", curl.out);
    assert!(
        curl.out.contains("'http://127.0.0.1:8080/ok'"),
        "{}",
        curl.out
    );

    let sent = t.run(&["replay", f, "--all", "--to", &app.url()]);
    sent.fails(2);
    let got = app.json();
    assert_eq!(got["target"], "/ok");
    assert!(app.no_line_within(std::time::Duration::from_millis(300)));
}

/// Every spelling of a dot segment we know of that could climb out of a base path.
const ESCAPES: [&str; 11] = [
    "/../../admin/delete",
    "/%2e%2e/%2e%2e/admin/delete",
    "/.%2e/admin",
    "/%2E%2e/admin",
    "/..\\admin",
    "/..%5cadmin",
    "/..%2fadmin",
    "/%252e%252e/admin",
    "/..;/admin",
    "/./../admin",
    "/x/../../admin",
];

#[test]
fn replay_never_leaves_the_base_path() {
    let t = Test::new();
    let mut lines: Vec<Line> = ESCAPES
        .iter()
        .map(|t| ("POST", *t, &[][..], &b"a=1"[..]))
        .collect();
    lines.push(("POST", "/ok?x=1", &[], b"a=2"));
    let file = save_file(t.path(), &lines);
    let f = file.to_str().unwrap();
    let app = Listener::start(&["--json"]);
    let base = format!("http://{}/hooks/ac", app.addr);

    let sent = t.run(&["replay", f, "--all", "--to", &base]);
    let err = sent.fails(2);
    assert_eq!(err.matches("not replayed:").count(), ESCAPES.len(), "{err}");
    let got = app.json();
    assert_eq!(got["target"], "/hooks/ac/ok?x=1");
    assert!(app.no_line_within(std::time::Duration::from_millis(300)));

    let curl = t.run(&["replay", f, "--all", "--curl", "--to", &base]);
    curl.fails(2);
    assert_eq!(curl.out.lines().count(), 1, "{}", curl.out);
    assert!(
        curl.out.contains(&format!("'{base}/ok?x=1'")),
        "{}",
        curl.out
    );
}

#[test]
fn forward_to_never_leaves_the_base_path() {
    let app = Listener::start(&["--json"]);
    let l = Listener::start(&[
        "--forward-to",
        &format!("/hooks=http://{}/hooks/ac", app.addr),
    ]);
    for escape in ESCAPES {
        let target = format!("/hooks{escape}");
        let r = Conn::open(l.addr).request("POST", &target, &[("Content-Type", FORM)], b"a=1");
        assert_eq!(
            r.status,
            400,
            "{target}: {}",
            String::from_utf8_lossy(&r.body)
        );
    }
    l.stderr_with("not forwarded");
    let r = Conn::open(l.addr).request("POST", "/hooks/ok", &[("Content-Type", FORM)], b"a=2");
    assert_eq!(r.status, 200);
    // The first request the app ever saw is the last one sent.
    let got = app.json();
    assert_eq!(got["target"], "/hooks/ac/ok");
}
