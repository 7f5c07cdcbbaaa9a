//! Usage errors, help and exit codes, through the real binary and with no server at all: clap's
//! own messages and exit 2 for what it refuses, acwh's `missing --…` errors with `--no-input`,
//! the exit-code table in `--help`, and a help page for every subcommand.

use clap::CommandFactory;

use crate::support::{Test, says};

/// Runs `acwh ARGS` in a fresh folder; asserts exit 2 and nothing on stdout; returns stderr.
fn usage_error(args: &[&str]) -> String {
    let ran = Test::new().run(args);
    let err = ran.fails(2).to_string();
    assert!(
        ran.out.is_empty(),
        "{args:?} printed on stdout: {}",
        ran.out
    );
    err
}

#[test]
fn an_unknown_subcommand_exits_2_with_claps_message() {
    let err = usage_error(&["bogus"]);
    says(
        &err,
        &[
            "error: unrecognized subcommand 'bogus'",
            "Usage: acwh [OPTIONS] <COMMAND>",
            "For more information, try '--help'.",
        ],
    );
}

#[test]
fn no_subcommand_shows_the_short_help_on_stderr_and_exits_2() {
    let err = usage_error(&[]);
    says(
        &err,
        &["Usage: acwh [OPTIONS] <COMMAND>", "Commands:", "listen"],
    );
}

#[test]
fn an_unknown_flag_exits_2_naming_it() {
    let err = usage_error(&["list", "--bogus"]);
    says(
        &err,
        &[
            "error: unexpected argument '--bogus' found",
            "Usage: acwh list [OPTIONS]",
        ],
    );
}

#[test]
fn a_bad_color_exits_2_listing_the_choices() {
    let err = usage_error(&["--color", "bogus", "list"]);
    says(
        &err,
        &[
            "invalid value 'bogus' for '--color <WHEN>'",
            "[possible values: auto, always, never]",
        ],
    );
}

#[test]
fn values_out_of_range_exit_2_saying_what_is_allowed() {
    for (args, says_what) in [
        (
            &["listen", "--port", "70000"][..],
            "invalid value '70000' for '--port <PORT>': 70000 is not in 0..=65535",
        ),
        (
            &["listen", "--status", "99"][..],
            "invalid value '99' for '--status <CODE>': 99 is not in 200..=599",
        ),
        (
            &["listen", "--max-body", "lots"][..],
            "'lots' is not a size: use e.g. 2000, 512KiB or 1MiB",
        ),
        (
            &["--http-timeout", "soon", "list"][..],
            "'soon' is not a duration: use e.g. 500ms, 30s, 2m or 1h",
        ),
        (
            &["completions", "nosh"][..],
            "invalid value 'nosh' for '<SHELL>'",
        ),
    ] {
        says(&usage_error(args), &[says_what]);
    }
}

#[test]
fn an_unknown_event_exits_2_with_the_nearest_name() {
    let err = usage_error(&["trigger", "deal_ad"]);
    says(
        &err,
        &[
            "invalid value 'deal_ad' for '<EVENT>'",
            "tip: a similar value exists: 'deal_add'",
        ],
    );
    let err = usage_error(&[
        "create",
        "--event",
        "bogus",
        "--url",
        "https://example.com/h",
    ]);
    says(&err, &["invalid value 'bogus' for '--event <EVENT>'"]);
}

#[test]
fn a_missing_required_argument_exits_2_with_the_usage_line() {
    for (sub, usage) in [
        ("update", "Usage: acwh update <ID>"),
        ("delete", "Usage: acwh delete <ID>..."),
        ("captures", "Usage: acwh captures <FILE>"),
    ] {
        let err = usage_error(&[sub]);
        says(
            &err,
            &["the following required arguments were not provided", usage],
        );
    }
}

#[test]
fn a_usage_line_does_not_list_flags_the_environment_set() {
    let t = Test::new();
    for args in [
        &["trigger"][..],
        &["sandbox", "fire"],
        &["create", "--bogus"],
    ] {
        let mut cmd = t.acwh();
        cmd.env("ACWH_API_URL", "http://127.0.0.1:4100")
            .env("ACWH_API_KEY", "k")
            .env("ACWH_PROFILE", "work");
        let ran = crate::support::exec(cmd, args);
        let err = ran.fails(2);
        let usage = err
            .lines()
            .find(|l| l.starts_with("Usage: "))
            .unwrap_or_else(|| panic!("{args:?}: no usage line:\n{err}"));
        for flag in ["--api-url", "--api-key", "--profile"] {
            assert!(!usage.contains(flag), "{args:?}: {usage}");
        }
    }
    // Given on the command line, the value still counts (and the mistake is still named).
    let mut cmd = t.acwh();
    cmd.env("ACWH_API_KEY", "k");
    let ran = crate::support::exec(cmd, &["trigger", "--api-url", "http://127.0.0.1:1"]);
    says(ran.fails(2), &["<EVENT>", "Usage: acwh trigger"]);
}

#[test]
fn create_with_no_input_names_the_first_missing_flag() {
    let url = "https://example.com/hooks/ac";
    for (args, missing) in [
        (&["--no-input", "create"][..], "missing --url"),
        (
            &["--no-input", "create", "--url", url][..],
            "missing --event",
        ),
        (
            &["--no-input", "create", "--url", url, "--event", "subscribe"][..],
            "missing --source",
        ),
    ] {
        let err = usage_error(args);
        assert!(err.starts_with("acwh: error: "), "{err}");
        says(&err, &[missing, "--no-input", "pass it, e.g."]);
    }
}

#[test]
fn a_usage_error_colours_only_the_word_error_and_only_when_asked() {
    let err = usage_error(&["--color", "always", "--no-input", "create"]);
    assert!(
        err.starts_with("acwh: \u{1b}[1;31merror\u{1b}[0m: missing --url"),
        "{err:?}"
    );
    assert_eq!(err.matches('\u{1b}').count(), 2, "{err:?}");
    let err = usage_error(&["--no-input", "create"]);
    assert!(!err.contains('\u{1b}'), "{err:?}");
}

#[test]
fn help_documents_the_exit_codes() {
    let t = Test::new();
    let help = t.run(&["--help"]).ok().to_string();
    says(
        &help,
        &[
            "Exit codes:",
            "  0    success",
            "  1    runtime failure",
            "  2    usage or validation error",
            "  3    apply --dry-run --exit-code: changes pending",
            "  4    AC (or the receiver) answered 4xx",
            "  5    AC (or the receiver) answered 5xx",
            "  130  interrupted",
            "Usage: acwh [OPTIONS] <COMMAND>",
        ],
    );
    assert_eq!(t.run(&["help"]).ok(), help, "`acwh help` is `acwh --help`");
    let short = t.run(&["-h"]).ok().to_string();
    says(&short, &["Usage: acwh [OPTIONS] <COMMAND>"]);
}

#[test]
fn every_subcommand_has_a_help_page() {
    let t = Test::new();
    for sub in acwh::cli::Cli::command().get_subcommands() {
        let name = sub.get_name();
        let ran = t.run(&[name, "--help"]);
        let out = ran.ok();
        assert!(
            out.contains(&format!("Usage: acwh {name}")),
            "{name} --help:\n{out}"
        );
        assert!(ran.err.is_empty(), "{name} --help: {}", ran.err);
    }
}

#[test]
fn version_prints_the_crate_version() {
    let ran = Test::new().run(&["--version"]);
    assert_eq!(ran.ok(), format!("acwh {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn claps_own_errors_read_like_acwhs() {
    for args in [
        &["list", "--bogus"][..],
        &["bogus"],
        &["trigger", "deal_ad"],
    ] {
        let err = usage_error(args);
        assert!(err.starts_with("acwh: error: "), "{args:?}: {err}");
        assert!(!err.contains("\nerror:"), "{args:?}: {err}");
    }
    // The same colour rule as acwh's errors: only the word, only when asked, in both spellings.
    for color in [&["--color", "always"][..], &["--color=always"]] {
        let mut args = color.to_vec();
        args.extend(["list", "--bogus"]);
        let err = usage_error(&args);
        assert!(
            err.starts_with("acwh: \u{1b}[1;31merror\u{1b}[0m: unexpected argument '--bogus'"),
            "{err:?}"
        );
        assert_eq!(err.matches('\u{1b}').count(), 2, "{err:?}");
    }
    let err = usage_error(&["--color", "never", "list", "--bogus"]);
    assert!(!err.contains('\u{1b}'), "{err:?}");
}

#[test]
fn claps_errors_escape_what_the_user_typed() {
    let err = usage_error(&["completions", "a\rb\tc"]);
    says(
        &err,
        &["acwh: error: invalid value 'a\\rb\\tc' for '<SHELL>'"],
    );
    assert!(!err.contains(['\r', '\t']), "{err:?}");
}

#[test]
fn help_and_version_stay_on_stdout_with_exit_0_coloured_only_when_asked() {
    let t = Test::new();
    for args in [
        &["--help"][..],
        &["list", "-h"],
        &["--version"],
        &["help", "list"],
    ] {
        let ran = t.run(args);
        assert!(!ran.ok().is_empty() && ran.err.is_empty(), "{args:?}");
        assert!(!ran.out.contains('\u{1b}'), "{args:?}: {:?}", ran.out);
    }
    let coloured = t
        .run(&["--color", "always", "list", "--help"])
        .ok()
        .to_string();
    assert!(coloured.contains('\u{1b}'), "{coloured:?}");
    // `help`'s own help on a bare `acwh` stays clap's text on stderr, exit 2.
    let err = usage_error(&[]);
    assert!(!err.contains("acwh: error"), "{err}");
}
