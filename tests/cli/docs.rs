//! The prose stays true to the code: README's event counts equal the built-in table's size,
//! docs/activecampaign.md has a section for every event, and every citation of one of its
//! sections (`docs/activecampaign.md#anchor`) names a heading that exists.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use acwh::events::EVENTS;

const DOC: &str = "docs/activecampaign.md";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    let path = root().join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The anchor a Markdown heading gets on GitHub: lower case, every character but letters,
/// digits, spaces, `-` and `_` dropped (backticks included), spaces turned into `-`.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The anchors of the document's headings, outside fenced code blocks.
fn anchors(markdown: &str) -> Vec<String> {
    let mut fenced = false;
    let mut out = Vec::new();
    for line in markdown.lines() {
        if line.starts_with("```") {
            fenced = !fenced;
        } else if !fenced && line.starts_with('#') {
            out.push(slug(line.trim_start_matches('#')));
        }
    }
    out
}

/// Every file under `dir`, build output aside.
fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "target") {
                files_under(&path, out);
            }
        } else {
            out.push(path);
        }
    }
}

/// Each count of events README states in words, as (number, phrase).
fn readme_event_counts(readme: &str) -> Vec<(usize, String)> {
    let words: Vec<String> = readme
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let number = |w: &str| w.parse::<usize>().ok();
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let Some(n) = number(w) else { continue };
        let before: Vec<&str> = words[i.saturating_sub(2)..i]
            .iter()
            .map(String::as_str)
            .collect();
        let after: Vec<&str> = words[i + 1..(i + 3).min(words.len())]
            .iter()
            .map(String::as_str)
            .collect();
        let claim = match (before.as_slice(), after.as_slice()) {
            ([.., "all"], ["events", ..]) => Some("all N events"),
            (["table", "of"], _) => Some("table of N"),
            ([.., "the"], ["known", "events"]) => Some("the N known events"),
            ([.., "the"], ["event", "names"]) => Some("the N event names"),
            ([.., "the"], ["samples", ..]) => Some("the N samples"),
            ([.., "the"], ["sample", "bodies"]) => Some("the N sample bodies"),
            ([.., "the"], ["sample", "payloads"]) => Some("the N sample payloads"),
            _ => None,
        };
        if let Some(claim) = claim {
            out.push((n, claim.to_string()));
        }
    }
    out
}

#[test]
fn readme_event_counts_match_the_table() {
    let counts = readme_event_counts(&read("README.md"));
    assert!(
        counts.iter().any(|(_, c)| c == "all N events"),
        "README no longer says \"all N events\"; update this test's phrases: {counts:?}"
    );
    let wrong: Vec<_> = counts.iter().filter(|(n, _)| *n != EVENTS.len()).collect();
    assert!(
        wrong.is_empty(),
        "README states these counts, but acwh::events::EVENTS holds {}: {wrong:?}",
        EVENTS.len()
    );
}

#[test]
fn every_event_has_its_section() {
    let anchors = anchors(&read(DOC));
    let missing: Vec<&str> = EVENTS
        .iter()
        .map(|e| e.name)
        .filter(|name| !anchors.iter().any(|a| a == name))
        .collect();
    assert!(missing.is_empty(), "{DOC} has no heading for {missing:?}");
}

#[test]
fn cited_sections_exist() {
    let doc = read(DOC);
    let anchors = anchors(&doc);
    let unique: BTreeSet<&String> = anchors.iter().collect();
    assert_eq!(unique.len(), anchors.len(), "{DOC} repeats a heading");

    let mut files = vec![root().join("README.md"), root().join(DOC)];
    for dir in ["src", "tests", "benches"] {
        files_under(&root().join(dir), &mut files);
    }
    let mut broken = Vec::new();
    let mut cited = 0;
    for file in &files {
        // This file names the pattern itself.
        if file.ends_with("tests/cli/docs.rs") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        let own = file.ends_with(DOC);
        let markers: &[&str] = if own {
            &["](#"]
        } else {
            &["docs/activecampaign.md#"]
        };
        for marker in markers {
            for (at, _) in text.match_indices(marker) {
                let anchor: String = text[at + marker.len()..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
                    .collect();
                cited += 1;
                if !anchors.contains(&anchor) {
                    let rel = file.strip_prefix(root()).unwrap_or(file);
                    broken.push(format!("{}: #{anchor}", rel.display()));
                }
            }
        }
    }
    assert!(cited > 0, "found no citation of {DOC} at all");
    assert!(broken.is_empty(), "no such heading in {DOC}: {broken:#?}");
}

#[test]
fn slugs_follow_github() {
    assert_eq!(slug(" `contact_tag_added`"), "contact_tag_added");
    assert_eq!(slug(" HTTPS on port 443 only"), "https-on-port-443-only");
    assert_eq!(
        slug(" Numbers as strings, with one exception"),
        "numbers-as-strings-with-one-exception"
    );
    assert_eq!(slug(" Custom-object webhooks"), "custom-object-webhooks");
}
