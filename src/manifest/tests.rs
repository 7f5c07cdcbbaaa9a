//! The file format: every error with its line and column, interpolation, and export
//! round trips.

use super::*;

fn env(name: &str) -> Option<String> {
    (name == "CRM_TOKEN").then(|| "tok-123456".to_string())
}

fn toml_load(text: &str) -> Result<Manifest, FileError> {
    load("hooks.toml", text, Format::Toml, &env)
}

fn err(text: &str) -> FileError {
    toml_load(text).unwrap_err()
}

const GOOD: &str = r#"
[[webhook]]
name = "crm-sync"
url = "https://crm.example.com/ac?token=${CRM_TOKEN}"
events = ["subscribe", "unsubscribe", "update", "subscribe"]
sources = ["public", "admin", "api"]

[[webhook]]
name = "  deals  "
url = "https://example.com/deals"
events = ["deal_task_add"]
sources = ["system"]
list = 0
"#;

/// [`GOOD`] is shaped like README's "Webhooks as code" example: its first webhook is README's `crm-sync` without `list` and with a repeated event,
/// its second has spaces around its name.
#[test]
fn reads_the_readme_example() {
    let m = toml_load(GOOD).unwrap();
    assert_eq!(m.webhooks.len(), 2);
    let w = &m.webhooks[0];
    assert_eq!(w.url, "https://crm.example.com/ac?token=tok-123456");
    assert_eq!(w.events, ["subscribe", "unsubscribe", "update"]);
    assert_eq!(w.listid, 0);
    assert_eq!(m.webhooks[1].name, "deals");
    assert!(m.warnings.is_empty());
    assert_eq!(
        m.redactor.apply(&w.url),
        "https://crm.example.com/ac?token=${CRM_TOKEN}"
    );
}

#[test]
fn an_empty_file_has_no_webhooks() {
    assert!(toml_load("").unwrap().webhooks.is_empty());
    assert!(toml_load("# nothing yet\n").unwrap().webhooks.is_empty());
}

fn entry(body: &str) -> String {
    format!("[[webhook]]\n{body}\n")
}

const BASE: &str =
    "name = \"a\"\nurl = \"https://example.com/h\"\nevents = [\"subscribe\"]\nsources = [\"api\"]";

#[test]
fn unknown_key() {
    let e = err(&entry(&format!("{BASE}\nlistid = 3")));
    assert_eq!((e.file.as_str(), e.line, e.column), ("hooks.toml", 6, 1));
    assert!(e.message.contains("unknown field `listid`"), "{e}");
    assert!(e.to_string().starts_with("hooks.toml:6:1: "), "{e}");
    let e = err("[[webhooks]]\nname = \"a\"\n");
    assert_eq!(e.line, 1);
    assert!(e.message.contains("unknown field `webhooks`"), "{e}");
}

#[test]
fn duplicate_name_names_both_lines() {
    let text = format!("{}{}", entry(BASE), entry(BASE));
    let e = err(&text);
    assert_eq!((e.line, e.column), (7, 8));
    assert!(
        e.message
            .contains("duplicate name 'a' (first used on line 2)"),
        "{e}"
    );
}

#[test]
fn unknown_event_and_source_suggest() {
    let e = err(&entry(
        &BASE.replace("[\"subscribe\"]", "[\"open\", \"subscrib\"]"),
    ));
    assert_eq!((e.line, e.column), (4, 19));
    assert!(
        e.message
            .contains("unknown event 'subscrib': did you mean 'subscribe'?"),
        "{e}"
    );
    let e = err(&entry(&BASE.replace("[\"api\"]", "[\"apu\"]")));
    assert_eq!((e.line, e.column), (5, 12));
    assert!(
        e.message
            .contains("unknown source 'apu': did you mean 'api'?"),
        "{e}"
    );
    let e = err(&entry(&BASE.replace("[\"api\"]", "[\"zzzzzzzzzz\"]")));
    assert!(
        e.message
            .contains("known sources: public, admin, api, system"),
        "{e}"
    );
}

#[test]
fn bad_url_uses_creates_words() {
    let e = err(&entry(
        &BASE.replace("https://example.com/h", "https://example.com:8443/h"),
    ));
    assert_eq!((e.line, e.column), (3, 7));
    assert!(e.message.contains("port 443"), "{e}");
    let e = err(&entry(
        &BASE.replace("https://example.com/h", "example.com"),
    ));
    assert!(e.message.contains("not a URL"), "{e}");
}

#[test]
fn a_bad_url_never_shows_the_secret() {
    let e = err(&entry(&BASE.replace(
        "https://example.com/h",
        "https://example.com/a b?t=${CRM_TOKEN}",
    )));
    assert!(!e.to_string().contains("tok-123456"), "{e}");
    let e = err(&entry(&BASE.replace(
        "https://example.com/h",
        "ftp://example.com/?t=${CRM_TOKEN}",
    )));
    assert!(!e.to_string().contains("tok-123456"), "{e}");
    assert!(e.to_string().contains("${CRM_TOKEN}"), "{e}");
}

#[test]
fn missing_and_empty_fields() {
    let e = err(&entry(
        "name = \"a\"\nevents = [\"open\"]\nsources = [\"api\"]",
    ));
    assert_eq!(e.line, 1);
    assert!(e.message.contains("no 'url'"), "{e}");
    let e = err(&entry(&BASE.replace("[\"subscribe\"]", "[]")));
    assert_eq!(e.line, 4);
    assert!(e.message.contains("no events"), "{e}");
    let e = err(&entry(&BASE.replace("\"a\"", "\"  \"")));
    assert!(e.message.contains("name is empty"), "{e}");
    let e = err(&entry(&format!("{BASE}\nlist = -1")));
    assert_eq!(e.line, 6);
    let e = err(&entry(&format!("{BASE}\nlist = \"3\"")));
    assert_eq!(e.line, 6);
}

#[test]
fn bad_toml_syntax_has_a_line() {
    let e = err("[[webhook]]\nname = \"a\nurl = \"x\"\n");
    assert_eq!(e.line, 2, "{e}");
    let e = err("[[webhook]]\nname = \"a\"\nname = \"b\"\n");
    assert_eq!(e.line, 3, "{e}");
}

#[test]
fn unset_variable_is_named() {
    let e = err(&entry(&BASE.replace("/h", "/h?t=${NOPE_TOKEN}")));
    assert_eq!(e.line, 3);
    assert!(
        e.message
            .contains("environment variable NOPE_TOKEN is not set"),
        "{e}"
    );
}

#[test]
fn warnings_carry_the_position() {
    let m = toml_load(&entry(&format!(
        "{}\nlist = 3",
        BASE.replace("subscribe", "deal_add")
            .replace("https://", "http://")
    )))
    .unwrap();
    assert_eq!(m.warnings.len(), 2, "{:?}", m.warnings);
    assert!(m.warnings[0].starts_with("hooks.toml:3:7: AC delivers only to https"));
    assert!(m.warnings[1].starts_with("hooks.toml:6:8: list 3 has no effect"));
}

#[test]
fn json_files_are_checked_the_same_way() {
    let text = "{\"webhook\": [\n {\"name\": \"a\", \"url\": \"https://example.com/h\",\n  \"events\": [\"subscrib\"], \"sources\": [\"api\"]}\n]}\n";
    let e = load("h.json", text, Format::Json, &env).unwrap_err();
    assert_eq!((e.file.as_str(), e.line, e.column), ("h.json", 3, 14));
    assert!(e.message.contains("did you mean 'subscribe'"), "{e}");
    assert_eq!(Format::of(std::path::Path::new("x/H.JSON")), Format::Json);
    assert_eq!(Format::of(std::path::Path::new("hooks.toml")), Format::Toml);
}

fn spec(name: &str, url: &str) -> WebhookSpec {
    WebhookSpec {
        name: name.into(),
        url: url.into(),
        events: vec!["deal_add".into(), "subscribe".into()],
        sources: vec!["api".into()],
        listid: 4,
    }
}

#[test]
fn export_round_trips_in_both_formats() {
    let hooks = vec![
        spec("plain", "https://example.com/h?token=abc"),
        spec(
            "odd \"quoted\" ${NAME} $${x}",
            "https://example.com/$x?a=$$y",
        ),
    ];
    for format in [Format::Toml, Format::Json] {
        let text = render(&hooks, format);
        let m = load("f", &text, format, &|_| None).unwrap();
        assert_eq!(m.webhooks, hooks, "{text}");
    }
    let toml = render(&hooks[..1], Format::Toml);
    assert!(toml.contains("[[webhook]]\nname = \"plain\"\n"), "{toml}");
    assert!(
        toml.contains("events = [\"deal_add\", \"subscribe\"]\n"),
        "{toml}"
    );
    assert!(toml.contains("list = 4\n"), "{toml}");
    assert_eq!(render(&[], Format::Json), "{\n  \"webhook\": []\n}\n");
}

fn secret_env(name: &str) -> Option<String> {
    match name {
        "EV" => Some("hunter2-event".into()),
        "SRC" => Some("hunter2-source".into()),
        "N" => Some("hunter2-name".into()),
        "BIG" => Some("x".repeat(100 * 1024)),
        _ => None,
    }
}

#[test]
fn errors_about_values_from_variables_show_the_variable() {
    let load_s = |text: &str| load("hooks.toml", text, Format::Toml, &secret_env).unwrap_err();
    let e = load_s(&entry(&BASE.replace("[\"subscribe\"]", "[\"${EV}\"]")));
    assert!(e.message.contains("unknown event '${EV}'"), "{e}");
    assert!(!e.to_string().contains("hunter2"), "{e}");
    let e = load_s(&entry(&BASE.replace("[\"api\"]", "[\"x${SRC}\"]")));
    assert!(e.message.contains("unknown source 'x${SRC}'"), "{e}");
    assert!(!e.to_string().contains("hunter2"), "{e}");
    let named = BASE.replace("\"a\"", "\"${N}\"");
    let e = load_s(&format!("{}{}", entry(&named), entry(&named)));
    assert!(e.message.contains("duplicate name '${N}'"), "{e}");
    assert!(!e.to_string().contains("hunter2"), "{e}");
}

#[test]
fn interpolation_is_capped() {
    let url = format!("https://example.com/{}", "${BIG}".repeat(200));
    let text = entry(&BASE.replace("https://example.com/h", &url));
    let start = std::time::Instant::now();
    let e = load("hooks.toml", &text, Format::Toml, &secret_env).unwrap_err();
    assert!(start.elapsed() < std::time::Duration::from_secs(2));
    assert!(e.message.contains("16 MiB"), "{e}");
    assert!(e.to_string().starts_with("hooks.toml:"), "{e}");
    // The cap is on the whole file, not on each string.
    let one = BASE.replace(
        "https://example.com/h",
        &format!("https://e.com/{}", "${BIG}".repeat(50)),
    );
    let text: String = (0..5)
        .map(|i| entry(&one.replace("\"a\"", &format!("\"a{i}\""))))
        .collect();
    let e = load("hooks.toml", &text, Format::Toml, &secret_env).unwrap_err();
    assert!(e.message.contains("16 MiB"), "{e}");
    // Far below it, all is well.
    let one = BASE.replace(
        "https://example.com/h",
        &format!("https://e.com/{}", "${BIG}".repeat(2)),
    );
    assert!(load("hooks.toml", &entry(&one), Format::Toml, &secret_env).is_ok());
}
