//! The webhook file of `acwh apply` and `acwh export`: reading it (TOML, or JSON for a
//! `.json` file), filling in `${VAR}`, checking it by the same rules as `create`, and
//! writing it back out. Pure: the text and the environment come in, data and errors go out;
//! nothing here reads files or prints.
//!
//! ```toml
//! [[webhook]]
//! name = "crm-sync"           # the identity: unique in the file
//! url = "https://crm.example.com/ac?token=${CRM_TOKEN}"
//! events = ["subscribe", "update"]
//! sources = ["public", "api"]
//! list = 0                    # optional, default 0 (all lists)
//! ```
//!
//! `${VAR}` works in every string; `$${` is a literal `${` (see the `interp` module), and a file's
//! strings fill in to at most 16 MiB in all. Every error names the file, line and column,
//! and shows a value that came from `${VAR}` as `${VAR}`, as the plan does.

mod interp;
mod parse;
pub(crate) mod plan;
mod redact;

pub(crate) use redact::{Placeholder, valued_keys};

use serde_json::json;

use crate::api::webhooks::WebhookSpec;
use crate::events;
use crate::validate;
use parse::{Located, RawEntry};

/// Interpolated values shorter than this are not hidden in output: too short to be a
/// secret, and replacing them everywhere would garble the plan.
const MIN_SECRET_LEN: usize = 4;

/// The file's syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Toml,
    Json,
}

impl Format {
    /// JSON for a name ending in `.json` (any case), TOML otherwise.
    pub(crate) fn of(path: &std::path::Path) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("json") => Format::Json,
            _ => Format::Toml,
        }
    }
}

/// A bad file: where, and what is wrong. Displays as `FILE:LINE:COLUMN: MESSAGE`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}:{column}: {message}")]
pub(crate) struct FileError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// A checked file.
#[derive(Debug, Clone, Default)]
pub(crate) struct Manifest {
    /// The webhooks, in file order, with variables filled in and lists de-duplicated.
    pub webhooks: Vec<WebhookSpec>,
    /// The same warnings `create` gives, each prefixed with `FILE:LINE:COLUMN:`.
    pub warnings: Vec<String>,
    /// Hides interpolated values in anything shown.
    pub redactor: Redactor,
}

/// Replaces the values that came from `${VAR}` with `${VAR}` again, so that secrets in URLs
/// stay out of plans and CI logs.
#[derive(Debug, Clone, Default)]
pub(crate) struct Redactor {
    /// (value, "${NAME}"), longest value first.
    pairs: Vec<(String, String)>,
}

impl Redactor {
    fn add(&mut self, used: Vec<(String, String)>) {
        for (name, value) in used {
            if value.chars().count() >= MIN_SECRET_LEN && !self.pairs.iter().any(|p| p.0 == value) {
                self.pairs.push((value, format!("${{{name}}}")));
            }
        }
        self.pairs.sort_by_key(|p| std::cmp::Reverse(p.0.len()));
    }

    pub(crate) fn apply(&self, s: &str) -> String {
        self.pairs
            .iter()
            .fold(s.to_string(), |acc, (value, var)| acc.replace(value, var))
    }

    /// Outside text (the file's, AC's) as a terminal shows it: redacted, then escaped.
    pub(crate) fn shown(&self, s: &str) -> String {
        crate::escape::line(&self.apply(s)).into_owned()
    }
}

/// Reads and checks a webhook file. `file` is how errors name it; `env` looks up `${VAR}`.
pub(crate) fn load(
    file: &str,
    text: &str,
    format: Format,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Manifest, FileError> {
    let at = |offset: usize, message: String| {
        let (line, column) = line_column(text, offset);
        FileError {
            file: file.to_string(),
            line,
            column,
            message,
        }
    };
    let entries = match format {
        Format::Toml => parse::toml(text),
        Format::Json => parse::json(text),
    }
    .map_err(|e| at(e.offset, e.message))?;
    let mut m = Manifest::default();
    let mut filler = Filler {
        env,
        redactor: Redactor::default(),
        left: interp::MAX_FILLED,
    };
    let mut seen: Vec<(String, usize)> = Vec::new();
    for entry in entries {
        let c = check(entry, &mut filler).map_err(|(o, msg)| at(o, msg))?;
        if let Some((_, first)) = seen.iter().find(|(n, _)| *n == c.spec.name) {
            let (line, _) = line_column(text, *first);
            return Err(at(
                c.name_at,
                format!(
                    "duplicate name '{}' (first used on line {line}): apply matches webhooks by name, so each must be unique",
                    c.name_shown
                ),
            ));
        }
        seen.push((c.spec.name.clone(), c.name_at));
        m.warnings
            .extend(c.warnings.into_iter().map(|(o, w)| at(o, w).to_string()));
        m.webhooks.push(c.spec);
    }
    m.redactor = filler.redactor;
    Ok(m)
}

/// One checked entry: the webhook, where its name is and how to show it, and its warnings
/// with their offsets.
struct Checked {
    spec: WebhookSpec,
    name_at: usize,
    name_shown: String,
    warnings: Vec<(usize, String)>,
}

/// Fills in a file's strings: the environment, the redactor that learns every value used,
/// and what is left of [`interp::MAX_FILLED`].
struct Filler<'a> {
    env: &'a dyn Fn(&str) -> Option<String>,
    redactor: Redactor,
    left: usize,
}

impl Filler<'_> {
    fn fill(&mut self, v: &Located<String>) -> Result<String, (usize, String)> {
        // Errors point at the string's start: offsets inside it would be off by any escapes.
        let f =
            interp::fill(&v.value, self.env, self.left).map_err(|p| (v.span.start, p.message))?;
        self.left -= f.text.len();
        self.redactor.add(f.used);
        Ok(f.text)
    }
}

/// A value for an error message: the file's own text when it uses `${VAR}` (so a secret is
/// not printed), else the value; escaped for a terminal either way.
fn shown(template: &str, value: &str) -> String {
    let s = if template.contains("${") {
        template
    } else {
        value
    };
    crate::escape::line(s).into_owned()
}

/// One entry's meaning: required keys, variables, events, sources, URL. Errors and warnings
/// carry the offset they are about.
fn check(e: RawEntry, filler: &mut Filler) -> Result<Checked, (usize, String)> {
    let missing = |key: &str, example: &str| {
        (
            e.span.start,
            format!("this webhook has no '{key}': add e.g. {key} = {example}"),
        )
    };
    let name_at = e.name.as_ref().map_or(e.span.start, |n| n.span.start);
    let name = e
        .name
        .clone()
        .ok_or_else(|| missing("name", "\"crm-sync\""))?;
    let url = e
        .url
        .clone()
        .ok_or_else(|| missing("url", "\"https://example.com/hooks/ac\""))?;
    let events = e
        .events
        .clone()
        .ok_or_else(|| missing("events", "[\"subscribe\"]"))?;
    let sources = e
        .sources
        .clone()
        .ok_or_else(|| missing("sources", "[\"public\", \"admin\", \"api\"]"))?;

    let name_text = filler.fill(&name)?.trim().to_string();
    if name_text.is_empty() {
        return Err((
            name.span.start,
            "the name is empty: give each webhook a name".into(),
        ));
    }
    let template = url.value.clone();
    let url_text = filler.fill(&url)?;
    let url_text = validate::webhook_url(&url_text).map_err(|msg| {
        // Say it with the file's own text, so a secret from ${VAR} is not printed.
        let shown = if template.contains("${") {
            msg.replace(url_text.trim(), template.trim())
        } else {
            msg
        };
        (url.span.start, shown)
    })?;
    let events_v = names(
        &events,
        filler,
        "event",
        |n| events::find(n).is_some(),
        || events::EVENTS.iter().map(|e| e.name),
    )?;
    let sources_v = names(
        &sources,
        filler,
        "source",
        |n| events::SOURCES.iter().any(|s| s.name == n),
        || events::SOURCES.iter().map(|s| s.name),
    )?;
    let listid = e.list.as_ref().map_or(0, |l| l.value);

    let mut warnings = Vec::new();
    if let Some(w) = validate::url_warning(&url_text) {
        warnings.push((url.span.start, w));
    }
    if let Some(w) = validate::list_warning(&events_v, Some(listid)) {
        let at = e.list.as_ref().map_or(e.span.start, |l| l.span.start);
        warnings.push((at, w.replace("--list", "list")));
    }
    let name_shown = shown(&name.value, &name_text);
    let spec = WebhookSpec {
        name: name_text,
        url: url_text,
        events: events_v,
        sources: sources_v,
        listid,
    };
    Ok(Checked {
        spec,
        name_at,
        name_shown,
        warnings,
    })
}

/// Checks a list of event or source names: non-empty, each known (with a "did you mean").
fn names<I: Iterator<Item = &'static str>>(
    list: &Located<Vec<Located<String>>>,
    filler: &mut Filler,
    what: &str,
    known: impl Fn(&str) -> bool,
    all: impl Fn() -> I,
) -> Result<Vec<String>, (usize, String)> {
    if list.value.is_empty() {
        return Err((
            list.span.start,
            format!("no {what}s: give at least one (`acwh events --offline` lists them)"),
        ));
    }
    let mut out = Vec::new();
    for item in &list.value {
        let name = filler.fill(item)?;
        if !known(&name) {
            // A suggestion would say what a value from ${VAR} is close to: list them instead.
            let from_var = item.value.contains("${");
            let hint = match events::suggest(&name, all()).filter(|_| !from_var) {
                Some(s) => format!("did you mean '{s}'?"),
                None => format!("known {what}s: {}", all().collect::<Vec<_>>().join(", ")),
            };
            let shown = shown(&item.value, &name);
            return Err((item.span.start, format!("unknown {what} '{shown}': {hint}")));
        }
        out.push(name);
    }
    Ok(validate::dedup(out))
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, text[line_start..offset].chars().count() + 1)
}

/// Writes webhooks in the file format, escaping `${` so that `load` reads them back as they
/// are. TOML has a header comment; JSON is `{"webhook": [...]}`.
pub(crate) fn render(hooks: &[WebhookSpec], format: Format) -> String {
    let urls: Vec<String> = hooks.iter().map(|h| interp::escape(&h.url)).collect();
    render_with(hooks, &urls, format)
}

/// Like [`render`], with each query value in a URL written as a `${VAR}` placeholder
/// (`export --redact-query`); also the placeholders, which `apply` needs set.
pub(crate) fn render_redacted(hooks: &[WebhookSpec], format: Format) -> (String, Vec<Placeholder>) {
    let (urls, placeholders) = redact::redact(hooks);
    (render_with(hooks, &urls, format), placeholders)
}

/// Writes webhooks with `urls` (already in the file's escaped form) as their URLs.
fn render_with(hooks: &[WebhookSpec], urls: &[String], format: Format) -> String {
    match format {
        Format::Json => {
            let arr: Vec<_> = hooks
                .iter()
                .zip(urls)
                .map(|(h, u)| entry_json(h, u))
                .collect();
            let doc = json!({ "webhook": arr });
            let mut text = crate::escape::json_pretty(&doc);
            text.push('\n');
            text
        }
        Format::Toml => {
            let mut text = String::from(
                "# ActiveCampaign webhooks, written by `acwh export`.\n# Apply with `acwh apply -f FILE`; `${VAR}` is filled in from the environment.\n",
            );
            for (h, url) in hooks.iter().zip(urls) {
                text.push_str("\n[[webhook]]\n");
                text.push_str(&format!("name = {}\n", toml_str(&h.name)));
                text.push_str(&format!("url = {}\n", toml_quote(url)));
                text.push_str(&format!("events = {}\n", toml_list(&h.events)));
                text.push_str(&format!("sources = {}\n", toml_list(&h.sources)));
                text.push_str(&format!("list = {}\n", h.listid));
            }
            text
        }
    }
}

fn entry_json(h: &WebhookSpec, url: &str) -> serde_json::Value {
    let esc = |v: &[String]| v.iter().map(|s| interp::escape(s)).collect::<Vec<_>>();
    json!({
        "name": interp::escape(&h.name),
        "url": url,
        "events": esc(&h.events),
        "sources": esc(&h.sources),
        "list": h.listid,
    })
}

/// A TOML basic string. Written by hand rather than by the toml crate, which may choose a
/// literal string and writes C1 and bidi controls raw: here every character a terminal
/// would act on is a `\uXXXX` escape, so `acwh export` is safe to print and reads back the
/// same.
fn toml_str(s: &str) -> String {
    toml_quote(&interp::escape(s))
}

/// `s`, already escaped for `${`, as a TOML basic string (see [`toml_str`]).
fn toml_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if crate::escape::is_unsafe(c) => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn toml_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| toml_str(s)).collect();
    format!("[{}]", quoted.join(", "))
}

#[cfg(test)]
mod tests;
