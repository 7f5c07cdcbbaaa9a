//! `listen`, readable (issue 17, items 9-16): the view laid out to 80 columns with the answer
//! given at the end of each block, `--compact`, `--hide-empty`, `--raw` on a terminal and
//! `--raw0`, the reason a closed stdout stopped the listener, and `captures FILE --seq N`
//! showing a saved delivery again exactly as `listen` did.

use std::io::Read as _;

use crate::support::{
    Child, FORM, Listener, SUBSCRIBE, SandboxChild, Stdout, Test, WAIT, closed_port, post, says,
};

/// The columns a line takes on a terminal: a CJK character two, a combining one none.
fn columns(line: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(line)
}

/// A form body with its keys and values percent-encoded where they are not plain ASCII.
fn encoded(body: &str) -> String {
    body.bytes()
        .map(|b| match b {
            b'a'..=b'z'
            | b'A'..=b'Z'
            | b'0'..=b'9'
            | b'='
            | b'&'
            | b'['
            | b']'
            | b'_'
            | b'.'
            | b'@' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// `acwh listen --port 0 ARGS` with `COLUMNS=80` and stdout a pipe, and its URL.
fn listen80(t: &Test, args: &[&str]) -> (Child, String) {
    let mut cmd = t.command();
    cmd.env("COLUMNS", "80")
        .args(["listen", "--port", "0"])
        .args(args);
    let l = Child::spawn(cmd, Stdout::Lines);
    let first = l.first_line("listen");
    let addr = first.trim_start_matches("Listening on http://").to_string();
    (l, format!("http://{addr}/"))
}

/// Stdout lines until `n` blocks (each ending in an empty line) are in.
fn blocks(l: &Child, n: usize) -> Vec<String> {
    let mut out = vec![String::new()];
    while out.len() <= n {
        let line = String::from_utf8(l.out_line(WAIT).expect("a block in time")).unwrap();
        if line.is_empty() {
            out.push(String::new());
        } else {
            let last = out.last_mut().unwrap();
            last.push_str(&line);
            last.push('\n');
        }
    }
    out.pop();
    out
}

#[test]
fn every_event_fits_80_columns_and_ends_with_the_answer_given() {
    let t = Test::new();
    let (l, url) = listen80(&t, &[]);
    let hints = [l.stderr_with("hint: AC delivers"), l.stderr_with("https")];
    for line in hints.iter().chain(&l.seen()) {
        assert!(line.chars().count() <= 80, "stderr at 80 columns: {line}");
    }
    t.run(&["trigger", "all", "--to", &url]).expect(0);
    // And a delivery in Japanese: two columns a character.
    let addr = url.trim_start_matches("http://").trim_end_matches('/');
    let cjk = encoded(&format!(
        "type=deal_update&contact[email]=jane@example.com&contact[first_name]={}&deal[title]={}",
        "山田太郎".repeat(12),
        "大型商談の見積もり".repeat(4)
    ));
    assert_eq!(
        post(addr.parse().unwrap(), "/", FORM, cjk.as_bytes()).status,
        200
    );
    let all = blocks(&l, 31);
    let wide = &all[30];
    assert!(
        wide.lines().nth(2).unwrap().starts_with("  "),
        "one summary line: {wide}"
    );
    for block in &all {
        for line in block.lines() {
            let n = columns(line);
            assert!(n <= 80, "{n} columns: {line}\n{block}");
        }
        let last = block.lines().last().unwrap();
        assert!(
            last.starts_with("  <- 200 OK  ") && last.ends_with(" ms"),
            "{block}"
        );
        // No split line that repeats a plain comma list; no internal `_value` name.
        assert!(!block.contains("↳ [vip, newsletter]"), "{block}");
        assert!(!block.contains("_value"), "{block}");
        assert!(!block.contains("from public by public"), "{block}");
    }
    let find = |event: &str| {
        all.iter()
            .find(|b| b.lines().nth(1).unwrap().starts_with(&format!("{event} ")))
            .unwrap_or_else(|| panic!("no {event}"))
    };
    says(find("update"), &["↳ [Webinars, Product news]"]);
    says(
        find("deal_update"),
        &[
            "      Forecasted Close Date (1)  2026-12-15 00:00:00\n",
            "\n  updated_fields        value\n",
        ],
    );
    says(
        find("list_add"),
        &[
            "list 3 \"Webinar attendees\"",
            "\n  list                  0\n    id",
        ],
    );
    // Campaign events name the campaign; a click names its link first.
    says(find("open"), &["campaign \"November newsletter\""]);
    let click = find("click").lines().nth(1).unwrap();
    assert!(
        click.ends_with("  https://www.example.com/pricing"),
        "{click}"
    );
    // webcopy_url wraps under the value column, not to column 0.
    let open = find("open");
    let at = open
        .lines()
        .position(|l| l.contains("webcopy_url"))
        .unwrap();
    let next = open.lines().nth(at + 1).unwrap();
    assert!(
        next.starts_with(&" ".repeat(24)) && next.contains("chash="),
        "{open}"
    );
    // The closing summary names 30 events: it wraps under itself, within 80 columns.
    let mut l = l;
    assert_eq!(l.stop(), Some(0));
    let log = l.log();
    let from = log.find("acwh listen:").expect("a summary");
    let summary: Vec<&str> = log[from..].lines().collect();
    assert!(summary.len() > 1, "{log}");
    for line in &summary {
        assert!(columns(line) <= 80, "{} columns: {line}", columns(line));
    }
    assert!(summary[1..].iter().all(|l| l.starts_with("  ")), "{log}");
}

#[test]
fn compact_is_one_line_and_hide_empty_drops_empty_leaves() {
    let t = Test::new();
    let (l, url) = listen80(&t, &["--compact"]);
    let addr = url.trim_start_matches("http://").trim_end_matches('/');
    for _ in 0..2 {
        assert_eq!(
            post(addr.parse().unwrap(), "/", FORM, SUBSCRIBE.as_bytes()).status,
            200
        );
    }
    let line = |l: &Child| String::from_utf8(l.out_line(WAIT).unwrap()).unwrap();
    let first = line(&l);
    let (time, rest) = first.split_once("  ").unwrap();
    assert_eq!((time.len(), &time[8..9]), (12, "."), "{first}");
    assert!(
        rest.starts_with("#1  subscribe  jane@example.com  list 1  <- 200  "),
        "{first}"
    );
    assert!(line(&l).ends_with(" ms  [dup of #1]"));

    let (l, url) = listen80(&t, &["--hide-empty"]);
    let addr = url.trim_start_matches("http://").trim_end_matches('/');
    post(addr.parse().unwrap(), "/", FORM, SUBSCRIBE.as_bytes());
    let block = &blocks(&l, 1)[0];
    assert!(
        !block.contains("(empty)") && block.contains("jane@example.com"),
        "{block}"
    );
}

#[test]
fn raw0_ends_each_body_with_nul() {
    let mut l = Listener::start_unread(&["--raw0"]);
    post(l.addr, "/", FORM, b"a=1");
    post(l.addr, "/", FORM, b"b=2");
    let mut got = [0u8; 8];
    l.take_stdout().read_exact(&mut got).unwrap();
    assert_eq!(&got, b"a=1\0b=2\0");
}

/// The address a listener on a pseudo-terminal announced.
fn pty_addr(p: &mut rexpect::session::PtySession) -> std::net::SocketAddr {
    let (_, line) = p
        .exp_regex(r"Listening on http://127\.0\.0\.1:\d+")
        .unwrap();
    line.trim_start_matches("Listening on http://")
        .parse()
        .unwrap()
}

#[test]
fn raw_on_a_terminal_ends_each_body_with_a_newline() {
    let t = Test::new();
    let mut cmd = t.command();
    cmd.args(["listen", "--raw", "--port", "0"])
        .env("TERM", "xterm")
        .env("COLUMNS", "80");
    let mut p = rexpect::session::spawn_command(cmd, Some(10_000)).unwrap();
    let addr = pty_addr(&mut p);
    // The warning is fitted to the width (the pty has no size: COLUMNS says 80).
    let warning = p.exp_string("use the default view").unwrap();
    let warning = warning.split_once("acwh: warning: --raw").unwrap().1;
    for line in format!("acwh: warning: --raw{warning}").split("\r\n") {
        assert!(columns(line) <= 80, "{} columns: {line}", columns(line));
    }
    post(addr, "/", FORM, b"first=1");
    post(addr, "/", FORM, b"second=2");
    // The terminal turns "\n" into "\r\n".
    p.exp_string("first=1\r\nsecond=2\r\n").unwrap();
    p.send_control('c').unwrap();
    p.exp_eof().unwrap();
}

#[test]
fn json_into_head_says_why_listening_stopped() {
    let mut l = Listener::start_unread(&["--json"]);
    let mut out = l.take_stdout();
    assert_eq!(post(l.addr, "/", FORM, b"a=1").status, 200);
    let mut byte = [0u8; 1];
    out.read_exact(&mut byte).unwrap();
    // What `head -1` does once it has its line.
    drop(out);
    assert_eq!(post(l.addr, "/", FORM, b"a=2").status, 503);
    assert_eq!(l.wait_exit(), Some(0));
    let rest = l.stderr_rest();
    let why: Vec<&str> = rest
        .lines()
        .filter(|l| l.contains("acwh listen:"))
        .collect();
    assert_eq!(why.len(), 1, "{rest}");
    says(
        why[0],
        &["stopped: stdout was closed", "after 1 request printed"],
    );
}

#[test]
fn captures_of_a_file_not_written_by_listen_is_one_error() {
    let t = Test::new();
    let passwd = t.path().join("passwd");
    std::fs::write(
        &passwd,
        "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/:/bin/false\n",
    )
    .unwrap();
    let r = t.run(&["captures", passwd.to_str().unwrap()]);
    let err = r.fails(2);
    assert_eq!(err.lines().count(), 1, "{err}");
    says(err, &["not a file written by `acwh listen --save`"]);
}

#[test]
fn captures_seq_shows_a_saved_delivery_as_listen_did() {
    let t = Test::new();
    let save = t.path().join("saved.jsonl");
    let save = save.to_str().unwrap();
    let (mut l, url) = listen80(&t, &["--save", save, "-v", "--count", "2"]);
    let addr = url.trim_start_matches("http://").trim_end_matches('/');
    post(addr.parse().unwrap(), "/hook?x=1", FORM, b"type=x&a=1");
    post(addr.parse().unwrap(), "/hook", FORM, SUBSCRIBE.as_bytes());
    assert_eq!(l.wait_exit(), Some(0));
    let mut shown = String::new();
    while let Ok(line) = l.out_line(WAIT) {
        shown.push_str(std::str::from_utf8(&line).unwrap());
        shown.push('\n');
    }
    let second = &shown[shown.find("\n#2 ").unwrap() + 1..];
    let mut cmd = t.acwh();
    cmd.env("COLUMNS", "80");
    let again = crate::support::exec(cmd, &["captures", save, "--seq", "2", "-v"]);
    assert_eq!(again.ok(), second);
    says(
        second,
        &["  content-type: application/x-www-form-urlencoded\n"],
    );
    let missing = t.run(&["captures", save, "--seq", "9"]);
    says(missing.fails(2), &["no saved delivery with seq 9"]);
}

#[test]
fn captures_seq_shows_custom_field_titles_when_asked() {
    let t = Test::new();
    let sb = SandboxChild::start(&t, &[]);
    let save = t.path().join("saved.jsonl");
    let save = save.to_str().unwrap();
    let (mut l, url) = listen80(&t, &["--save", save, "--count", "1"]);
    t.run(&["trigger", "update", "--to", &url]).expect(0);
    assert_eq!(l.wait_exit(), Some(0));
    let mut cmd = t.api(&sb.url);
    cmd.env("ACWH_API_KEY", &sb.key);
    let r = crate::support::exec(cmd, &["captures", save, "--seq", "1", "--field-names"]);
    says(r.ok(), &["1 (Favorite color)", "<- 200 OK"]);
}

#[test]
fn the_answer_line_shows_the_apps_status_and_a_path_no_route_took() {
    let app = Listener::start(&["--status", "201"]);
    let t = Test::new();
    let route = format!("/ac={}", app.url());
    let (l, url) = listen80(&t, &["--forward-to", &route]);
    let addr = url.trim_start_matches("http://").trim_end_matches('/');
    assert_eq!(
        post(addr.parse().unwrap(), "/ac/x", FORM, b"a=1").status,
        201
    );
    assert_eq!(
        post(addr.parse().unwrap(), "/other", FORM, b"a=2").status,
        200
    );
    let shown = blocks(&l, 2);
    let last = |b: &str| b.lines().last().unwrap().to_string();
    assert!(
        last(&shown[0]).starts_with("  <- 201 Created  "),
        "{}",
        shown[0]
    );
    let unrouted = last(&shown[1]);
    assert!(
        unrouted.starts_with("  <- 200 OK  ")
            && unrouted.ends_with("  no --forward-to prefix matches this path; not forwarded"),
        "{unrouted}"
    );

    let (l, url) = listen80(&t, &["--status", "410"]);
    let addr = url.trim_start_matches("http://").trim_end_matches('/');
    assert_eq!(post(addr.parse().unwrap(), "/", FORM, b"a=1").status, 410);
    let gone = &blocks(&l, 1)[0];
    assert!(
        gone.lines().last().unwrap().starts_with("  <- 410 Gone  "),
        "{gone}"
    );
}

#[test]
fn json_lines_say_how_the_sender_was_answered() {
    let l = Listener::start(&["--json", "--status", "202"]);
    assert_eq!(post(l.addr, "/", FORM, b"a=1").status, 202);
    let v = l.json();
    let r = &v["response"];
    assert_eq!(
        (&r["status"], &r["unrouted"]),
        (&202.into(), &false.into()),
        "{v}"
    );
    assert!(r["ms"].is_number(), "{v}");
}

#[test]
fn a_failed_forward_is_said_in_80_columns_with_its_url_whole() {
    let t = Test::new();
    let app = format!(
        "http://127.0.0.1:{}/the/app/webhooks/activecampaign",
        closed_port()
    );
    let (l, url) = listen80(&t, &["--forward-to", &app]);
    let addr = url.trim_start_matches("http://").trim_end_matches('/');
    assert_eq!(
        post(addr.parse().unwrap(), "/hook", FORM, b"a=1").status,
        502
    );
    let first = l.stderr_with("forward failed");
    if !first.contains("answered 502") {
        l.stderr_with("answered 502");
    }
    let seen = l.seen();
    let said = &seen[seen.iter().position(|s| *s == first).unwrap()..];
    for line in said {
        assert!(
            columns(line) <= 80,
            "{} columns: {line}\n{said:#?}",
            columns(line)
        );
    }
    assert!(said.iter().any(|s| s.contains(&app)), "{said:#?}");
}

#[test]
fn flags_that_do_nothing_together_are_refused() {
    let t = Test::new();
    for pair in [
        ["--hide-empty", "--json"],
        ["--compact", "-v"],
        ["--hide-empty", "--compact"],
        ["-v", "--json"],
        ["--raw", "--compact"],
        ["--compact", "--json"],
    ] {
        let args = [
            "listen",
            "--port",
            "0",
            "--timeout",
            "10ms",
            pair[0],
            pair[1],
        ];
        let ran = t.run(&args);
        says(ran.fails(2), &["cannot be used with"]);
    }
}

#[test]
fn captures_names_three_bad_lines_then_counts_the_rest() {
    let t = Test::new();
    let file = t.path().join("mixed.jsonl");
    let mut text = String::from(
        r#"{"seq":1,"received_at":"2026-12-03T10:00:00.000+00:00","method":"POST","path":"/","target":"/","headers":[],"body":"a=1"}"#,
    );
    text.push('\n');
    for i in 0..25 {
        text.push_str(&format!("user{i}:x:{i}:{i}::/:/bin/false\n"));
    }
    std::fs::write(&file, text).unwrap();
    let r = t.run(&["captures", file.to_str().unwrap()]);
    r.expect(0);
    let warned: Vec<&str> = r.err.lines().collect();
    assert_eq!(warned.len(), 4, "{}", r.err);
    says(warned[0], &[":2: not a saved delivery; skipped"]);
    says(
        warned[3],
        &["22 more lines that are not saved deliveries skipped"],
    );
}

#[test]
fn a_resized_terminal_gets_the_next_delivery_at_its_new_width() {
    let t = Test::new();
    let acwh = t.command().get_program().to_owned();
    let mut sh = std::process::Command::new("sh");
    t.isolate(&mut sh).args([
        "-c",
        "tty; stty cols 60 rows 24; exec \"$0\" listen --port 0 --color never",
    ]);
    sh.arg(acwh).env("TERM", "xterm");
    let mut p = rexpect::session::spawn_command(sh, Some(10_000)).unwrap();
    let (_, tty) = p.exp_regex(r"/dev/pts/\d+").unwrap();
    let addr = pty_addr(&mut p);
    let target = format!("/{}", "p".repeat(200));
    let header = |p: &mut rexpect::session::PtySession| {
        post(addr, &target, FORM, b"a=1");
        let before = p.exp_string("<- 200 OK").unwrap();
        let line = before.lines().find(|l| l.starts_with('#')).unwrap();
        // rexpect hands over each byte of UTF-8 as a char.
        let bytes: Option<Vec<u8>> = line.chars().map(|c| u8::try_from(c).ok()).collect();
        let line = bytes
            .and_then(|b| String::from_utf8(b).ok())
            .unwrap_or_else(|| line.to_string());
        (columns(line.trim_end()), line)
    };
    let narrow = header(&mut p);
    assert!((50..=60).contains(&narrow.0), "{narrow:?} at 60");
    let resized = std::process::Command::new("stty")
        .args(["-F", &tty, "cols", "120"])
        .status()
        .unwrap();
    assert!(resized.success());
    let wide = header(&mut p);
    assert!((110..=120).contains(&wide.0), "{wide:?} at 120");
    p.send_control('c').unwrap();
    p.exp_eof().unwrap();
}
