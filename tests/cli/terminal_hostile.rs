//! Outside text never drives the terminal: seven hostile payloads (OSC 52 clipboard, screen
//! clearing, an OSC 8 link, the 8-bit CSI, bidi overrides and isolates, a lone CR with DEL,
//! raw C0 bytes) put into every field a sender, a save file, AC's API, a manifest or a
//! config file controls, through every command that shows them. What acwh writes, on stdout
//! and stderr, holds no ESC, no BEL, no other C0 control, no DEL, no lone CR, no C1 control
//! and no bidi control. `--raw` is the one output that stays raw, by design.

use crate::support::{
    Conn, FORM, Listener, SECRET_KEY, SandboxChild, Test, exec, inject, post, sandbox, status,
};

/// The payloads, by what they would do to a terminal.
const PAYLOADS: [(&str, &str); 7] = [
    ("osc52-clipboard", "\u{1b}]52;c;cHduZWQ=\u{7}"),
    ("clear-screen", "\u{1b}[2J\u{1b}[3J\u{1b}c"),
    (
        "osc8-link",
        "\u{1b}]8;;https://evil.example/\u{1b}\\click\u{1b}]8;;\u{1b}\\",
    ),
    ("csi-8bit", "\u{9b}31mred\u{9b}0m\u{9d}0;title\u{9c}"),
    ("bidi", "\u{202e}gpj.exe\u{2066}x\u{2069}\u{202a}y\u{202c}"),
    ("cr-del", "ok\rFAKE\u{7f}\u{7f}"),
    ("c0", "a\u{0}b\u{7}c\u{8}d\u{b}e\u{c}f\u{e}g\u{1f}"),
];

/// Panics, naming the first offending character, unless `bytes` are safe for a terminal.
fn assert_safe(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let lone_cr = c == '\r' && chars.peek().map(|(_, n)| *n) != Some('\n');
        let bad = lone_cr
            || (c.is_control() && c != '\n' && c != '\t' && c != '\r')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
        assert!(
            !bad,
            "{what}: U+{:04X} at byte {i} reached the terminal:\n{}",
            c as u32,
            text.escape_debug()
        );
    }
}

/// `text` without the colour sequences acwh writes itself (`ESC [ digits;… m`). None of the
/// payloads is such a sequence, so whatever ESC is left came from a sender.
fn without_sgr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("\u{1b}[") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let params = after
            .find(|c: char| !(c.is_ascii_digit() || c == ';'))
            .unwrap_or(after.len());
        if after[params..].starts_with('m') {
            rest = &after[params + 1..];
        } else {
            out.push_str("\u{1b}[");
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// Percent-encodes every byte, so any payload travels in a form body or a query.
fn pct(s: &str) -> String {
    s.bytes().map(|b| format!("%{b:02X}")).collect()
}

/// An AC-shaped form body whose every summary field and some keys and values carry `p`.
fn hostile_form(p: &str) -> String {
    let e = pct(p);
    [
        format!("type={e}"),
        format!("initiated_from={e}"),
        format!("initiated_by={e}"),
        format!("list={e}"),
        format!("contact%5Bemail%5D={e}"),
        format!("contact%5Btags%5D=a,{e}"),
        format!("deal%5Btitle%5D={e}"),
        format!("contact%5Bfields%5D%5B{e}%5D={e}"),
        format!("{e}={e}"),
    ]
    .join("&")
}

/// Every kind of body the catcher decodes, each carrying `p`: form, JSON, text, multipart,
/// and bytes that are not UTF-8.
fn bodies(p: &str) -> Vec<(String, Vec<u8>)> {
    let json = serde_json::json!({"type": p, "contact": {"email": p}, p: [p]}).to_string();
    let multipart = format!(
        "--XX\r\nContent-Disposition: form-data; name=\"{p}\"; filename=\"{p}\"\r\nContent-Type: text/{p}\r\n\r\n{p}\r\n--XX--\r\n"
    );
    let mut binary = vec![0xff, 0xfe];
    binary.extend_from_slice(p.as_bytes());
    vec![
        (FORM.to_string(), hostile_form(p).into_bytes()),
        ("application/json".into(), json.into_bytes()),
        (
            "application/json".into(),
            format!("{{\"{p}\": ").into_bytes(),
        ),
        (
            "text/plain".into(),
            format!("line one\n{p}\nline three").into_bytes(),
        ),
        (
            "multipart/form-data; boundary=XX".into(),
            multipart.into_bytes(),
        ),
        ("application/octet-stream".into(), binary),
    ]
}

/// Sends every body for every payload, with the payload in the query too, plus one raw
/// request whose header value carries the payload's UTF-8 bytes.
fn send_all(l: &Listener) {
    for (_, p) in PAYLOADS {
        let target = format!("/hooks/{}?token={}&{}=1", pct(p), pct(p), pct(p));
        for (ct, body) in bodies(p) {
            assert_eq!(post(l.addr, &target, &ct, &body).status, 200);
        }
        // Header values may carry any byte from 0x80 up: UTF-8 C1 and bidi controls.
        let safe_in_header: String = p.chars().filter(|c| (*c as u32) >= 0x80).collect();
        let mut c = Conn::open(l.addr);
        c.send_raw(
            format!(
                "POST /h HTTP/1.1\r\nHost: x\r\nX-Evil: a{safe_in_header}b\r\nContent-Type: {FORM}\r\nContent-Length: 6\r\nConnection: close\r\n\r\ntype=x"
            )
            .as_bytes(),
        );
        assert_eq!(c.response().status, 200);
    }
}

/// The payload as a command-line argument, which cannot hold NUL.
fn arg(p: &str) -> String {
    p.replace('\0', "")
}

fn requests_sent() -> usize {
    PAYLOADS.len() * (bodies("").len() + 1)
}

#[test]
fn listen_human_headers_and_json_views_stay_safe() {
    for args in [
        &["-v"][..],
        &["--json"][..],
        &["--color", "always", "-v"][..],
    ] {
        let t = Test::new();
        let save = t.path().join("s.jsonl");
        let save = save.to_str().unwrap();
        let mut all = args.to_vec();
        all.extend(["--save", save]);
        let l = Listener::start(&all);
        send_all(&l);
        let n = requests_sent();
        let mut out = String::new();
        for _ in 0..n {
            out.push_str(&if args.contains(&"--json") {
                l.line()
            } else {
                l.block()
            });
        }
        let (_, err) = l.stop();
        let what = format!("listen {args:?}");
        let colour = args.contains(&"always");
        if colour {
            // Colour is the only ESC there is: acwh's own SGR sequences, none of the payloads.
            assert!(out.contains("\u{1b}["), "no colour at all?");
        }
        assert_safe(&format!("{what} stdout"), without_sgr(&out).as_bytes());
        assert_safe(&format!("{what} stderr"), without_sgr(&err).as_bytes());
        if colour {
            continue;
        }
        assert_safe(
            &format!("{what} --save file"),
            &std::fs::read(save).unwrap(),
        );
        captures_and_replay_stay_safe(&t, save);
    }
}

/// `captures` (table and JSON) and `replay` (its report and its errors) over a save file
/// full of hostile deliveries.
fn captures_and_replay_stay_safe(t: &Test, save: &str) {
    for args in [
        vec!["captures", save],
        vec!["captures", save, "--json"],
        vec!["replay", save, "--all", "--to", "http://127.0.0.1:9/"],
        vec!["replay", save, "--all", "--curl"],
    ] {
        let ran = t.run(&args);
        assert_safe(&format!("{args:?} stdout"), ran.out.as_bytes());
        assert_safe(&format!("{args:?} stderr"), ran.err.as_bytes());
    }
}

#[test]
fn a_hostile_save_file_stays_safe() {
    let t = Test::new();
    let path = t.path().join("hostile.jsonl");
    let mut text = String::new();
    for (i, (_, p)) in PAYLOADS.iter().enumerate() {
        let line = serde_json::json!({
            "seq": i + 1, "received_at": p, "method": "POST", "path": format!("/{p}"),
            "target": format!("/{p}?{p}"), "headers": [[p, p]], "event": p,
            "fields": {"contact": {"email": p}},
            "body_base64": "dHlwZT14", "response": {"status": 200, "forward": null},
        });
        text.push_str(&line.to_string());
        text.push('\n');
        // A line that is not a delivery: its warning names the file, and is escaped too.
        text.push_str(p);
        text.push('\n');
    }
    std::fs::write(&path, text).unwrap();
    captures_and_replay_stay_safe(&t, path.to_str().unwrap());
}

/// One webhook as AC's API would send it, every text field carrying `p`.
fn hostile_hook(p: &str) -> serde_json::Value {
    serde_json::json!({
        "id": "7", "name": p, "url": format!("https://example.com/{p}"),
        "events": [p, "subscribe"], "sources": [p], "listid": p, "cdate": p,
    })
}

#[test]
fn ac_answers_stay_safe_in_every_command() {
    let h = sandbox();
    let t = Test::new();
    for (name, p) in PAYLOADS {
        let hook = hostile_hook(p);
        let cases: Vec<(&str, Vec<&str>, String)> = vec![
            (
                "GET",
                vec!["list"],
                serde_json::json!({"webhooks": [hook], "meta": {"total": "1"}}).to_string(),
            ),
            (
                "GET",
                vec!["show", "7"],
                serde_json::json!({ "webhook": hook }).to_string(),
            ),
            (
                "GET",
                vec!["whoami"],
                serde_json::json!({"user": {"username": p, "firstName": p, "lastName": p, "email": p}})
                    .to_string(),
            ),
            (
                "GET",
                vec!["lists"],
                serde_json::json!({"lists": [{"id": "1", "name": p, "stringid": p}], "meta": {"total": "1"}})
                    .to_string(),
            ),
            (
                "GET",
                vec!["export"],
                serde_json::json!({"webhooks": [hook], "meta": {"total": "1"}}).to_string(),
            ),
            (
                "GET",
                vec!["export", "--format", "json"],
                serde_json::json!({"webhooks": [hook], "meta": {"total": "1"}}).to_string(),
            ),
        ];
        for (method, args, body) in cases {
            for json in [false, true] {
                let mut args = args.clone();
                if json && !args.contains(&"export") {
                    args.push("--json");
                }
                inject(&h, method, 1, status(200, None, &body));
                let ran = exec(t.api(&h.url()), &args);
                let what = format!("{name}: acwh {args:?}");
                assert_safe(&format!("{what} stdout"), ran.out.as_bytes());
                assert_safe(&format!("{what} stderr"), ran.err.as_bytes());
            }
        }
        // AC's error messages reach stderr through the one error reporter.
        let error = serde_json::json!({"errors": [{"title": p, "detail": p}], "message": p});
        for (code, args) in [
            (422, vec!["show", "7"]),
            (404, vec!["delete", "7", "--yes"]),
        ] {
            inject(&h, "GET", 1, status(code, None, &error.to_string()));
            inject(&h, "DELETE", 1, status(code, None, &error.to_string()));
            let ran = exec(t.api(&h.url()), &args);
            assert_safe(&format!("{name}: error {args:?}"), ran.err.as_bytes());
            assert!(!ran.err.is_empty());
        }
    }
}

#[test]
fn apply_plans_of_hostile_files_and_accounts_stay_safe() {
    let h = sandbox();
    let t = Test::new();
    for (name, p) in PAYLOADS {
        // The file's name and the account's webhook both carry the payload; TOML's basic
        // strings spell every control as \uXXXX.
        let toml_escaped: String = p.chars().map(|c| format!("\\u{:04X}", c as u32)).collect();
        let file = t.path().join("webhooks.toml");
        std::fs::write(
            &file,
            format!(
                "[[webhook]]\nname = \"{toml_escaped}\"\nurl = \"https://example.com/a\"\nevents = [\"subscribe\"]\nsources = [\"public\"]\n"
            ),
        )
        .unwrap();
        let account = serde_json::json!({"webhooks": [hostile_hook(p)], "meta": {"total": "1"}});
        for extra in [vec![], vec!["--json"]] {
            inject(&h, "GET", 1, status(200, None, &account.to_string()));
            let mut args = vec!["apply", "-f", file.to_str().unwrap(), "--dry-run"];
            args.extend(extra);
            let ran = exec(t.api(&h.url()), &args);
            assert_safe(&format!("{name}: {args:?} stdout"), ran.out.as_bytes());
            assert_safe(&format!("{name}: {args:?} stderr"), ran.err.as_bytes());
            assert!(ran.out.contains("create"), "{}", ran.out);
        }
        // A bad file's error quotes the file's text.
        std::fs::write(&file, format!("[[webhook]]\n{p} = 1\n")).unwrap();
        let ran = exec(t.api(&h.url()), &["apply", "-f", file.to_str().unwrap()]);
        assert_safe(&format!("{name}: bad manifest"), ran.err.as_bytes());
    }
}

#[test]
fn config_values_stay_safe() {
    for (name, p) in PAYLOADS {
        let t = Test::new();
        let toml_escaped: String = p.chars().map(|c| format!("\\u{:04X}", c as u32)).collect();
        std::fs::write(
            t.path().join("config.toml"),
            format!(
                "[profiles.default]\napi_url = \"https://acme.api-us1.com/{toml_escaped}\"\napi_key = \"k{toml_escaped}\"\n\n[profiles.\"{toml_escaped}\"]\napi_url = \"{toml_escaped}\"\n"
            ),
        )
        .unwrap();
        let profile = arg(p);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(
                t.path().join("config.toml"),
                std::fs::Permissions::from_mode(0o600),
            )
            .unwrap();
        }
        for args in [
            vec!["config", "show"],
            vec!["list"],
            vec!["--profile", &profile, "config", "show"],
            vec!["--profile", &profile, "list"],
        ] {
            let ran = t.run(&args);
            assert_safe(&format!("{name}: {args:?} stdout"), ran.out.as_bytes());
            assert_safe(&format!("{name}: {args:?} stderr"), ran.err.as_bytes());
        }
    }
}

#[test]
fn the_sandbox_log_and_fire_stay_safe() {
    let t = Test::new();
    let l = Listener::start(&[]);
    let mut sb = SandboxChild::start(&t, &[]);
    for (name, p) in PAYLOADS {
        let created = exec(
            sb.cmd(&t),
            &[
                "create",
                "--name",
                &arg(p),
                "--url",
                &l.url(),
                "--event",
                "subscribe",
                "--source",
                "public",
            ],
        );
        assert_safe(&format!("{name}: create stdout"), created.out.as_bytes());
        assert_safe(&format!("{name}: create stderr"), created.err.as_bytes());
        let data = format!("contact[email]={}", arg(p));
        let fired = exec(sb.cmd(&t), &["sandbox", "fire", "subscribe", "-d", &data]);
        assert_safe(&format!("{name}: fire stdout"), fired.out.as_bytes());
        assert_safe(&format!("{name}: fire stderr"), fired.err.as_bytes());
        // A request whose target carries the payload's bytes past 0x7F.
        let high: String = p.chars().filter(|c| (*c as u32) >= 0x80).collect();
        let mut c = Conn::open(sb.addr());
        c.send_raw(
            format!(
                "GET /api/3/{}?{high} HTTP/1.1\r\nHost: x\r\nApi-Token: {SECRET_KEY}\r\nConnection: close\r\n\r\n",
                pct(p)
            )
            .as_bytes(),
        );
        let _ = c.response();
    }
    sb.stop();
    assert_safe("sandbox log", sb.log().as_bytes());
    drop(l);
}

#[test]
fn raw_says_on_a_terminal_that_it_is_raw() {
    let t = Test::new();
    let mut cmd = t.command();
    cmd.args(["listen", "--raw", "--port", "0"])
        .env("TERM", "xterm");
    let mut p = rexpect::session::spawn_command(cmd, Some(10_000)).unwrap();
    p.exp_string("Listening on http://127.0.0.1:").unwrap();
    p.exp_string("--raw writes each body byte for byte, unescaped")
        .unwrap();
    // Ctrl-C at the terminal is a listener's normal end.
    p.send_control('c').unwrap();
    p.exp_eof().unwrap();
    // Off a terminal, --raw is for pipes and files: no warning.
    let l = Listener::start(&["--raw"]);
    let (_, err) = l.stop();
    assert!(!err.contains("unescaped"), "{err}");
}
