//! `acwh man --dir DIR`: a page per command, nested ones too, so every page a page names
//! exists; examples in an EXAMPLES section; URLs and names never hyphenated.

use std::path::Path;
use std::process::{Command, Stdio};

use clap::CommandFactory;

use crate::support::{Test, says};

/// `acwh`, `acwh-create`, ..., `acwh-sandbox-fire`: the page of every command.
fn page_names() -> Vec<String> {
    fn walk(page: String, cmd: &clap::Command, out: &mut Vec<String>) {
        for sub in cmd.get_subcommands() {
            walk(format!("{page}-{}", sub.get_name()), sub, out);
        }
        out.push(page);
    }
    let mut out = Vec::new();
    walk("acwh".into(), &acwh::cli::Cli::command(), &mut out);
    out
}

fn write_pages(t: &Test) -> std::path::PathBuf {
    let dir = t.path().join("man/man1");
    let ran = t.run(&["man", "--dir", dir.to_str().unwrap()]);
    assert!(ran.ok().is_empty(), "pages go to files: {}", ran.out);
    says(&ran.err, &["wrote", "man pages"]);
    dir
}

/// The page names a page refers to, `name(1)`, with roff's escapes taken out.
fn references(roff: &str) -> Vec<String> {
    let plain = roff
        .replace("\\-", "-")
        .replace("\\fB", "")
        .replace("\\fR", "")
        .replace("\\%", "");
    let mut refs = Vec::new();
    for (at, _) in plain.match_indices("(1)") {
        let before = &plain[..at];
        let start = before
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .map_or(0, |i| i + 1);
        if before[start..].starts_with("acwh") {
            refs.push(before[start..].to_string());
        }
    }
    refs
}

#[test]
fn man_dir_writes_a_page_per_command_and_every_reference_resolves() {
    let t = Test::new();
    let dir = write_pages(&t);
    let mut written: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    written.sort();
    let mut want: Vec<String> = page_names().iter().map(|p| format!("{p}.1")).collect();
    want.sort();
    assert_eq!(written, want);
    for must in [
        "acwh.1",
        "acwh-create.1",
        "acwh-sandbox-fire.1",
        "acwh-config-show.1",
    ] {
        assert!(written.contains(&must.to_string()), "{must}");
    }
    let mut seen = 0;
    for file in &written {
        let roff = std::fs::read_to_string(dir.join(file)).unwrap();
        let name = file.trim_end_matches(".1");
        assert!(roff.contains(&format!(".TH {name} 1")), "{file}");
        for r in references(&roff) {
            seen += 1;
            assert!(
                dir.join(format!("{r}.1")).exists(),
                "{file} names {r}(1), not written"
            );
        }
        assert!(roff.contains(".SH \"SEE ALSO\""), "{file}");
    }
    assert!(seen > written.len(), "too few references found: {seen}");
}

#[test]
fn each_page_has_its_examples_in_an_examples_section() {
    let t = Test::new();
    let dir = write_pages(&t);
    for name in page_names() {
        let roff = std::fs::read_to_string(dir.join(format!("{name}.1"))).unwrap();
        assert!(!roff.contains(".SH EXTRA"), "{name}");
        let at = roff
            .find(".SH EXAMPLES\n")
            .unwrap_or_else(|| panic!("{name}: no EXAMPLES"));
        let section = &roff[at..];
        let section = &section[..section[1..].find("\n.SH").map_or(section.len(), |i| i + 1)];
        let start = section.find(".nf\n").expect(".nf") + 4;
        let block = &section[start..section.find("\n.fi").expect(".fi") + 1];
        // A line ending in ` \` (roff's `\e`) goes on with the next.
        let mut examples: Vec<String> = Vec::new();
        let mut going_on = false;
        for line in block.lines() {
            if going_on {
                examples.last_mut().unwrap().push_str(line);
            } else {
                examples.push(line.to_string());
            }
            going_on = line.ends_with(" \\e");
        }
        assert!(
            (2..=4).contains(&examples.len()) && examples.iter().all(|l| l.contains("acwh ")),
            "{name}: {examples:?}"
        );
    }
}

/// Renders a page as `man` would at a narrow width.
fn groff(page: &Path) -> Option<String> {
    let out = Command::new("groff")
        // Narrow, so lines must break; a line that cannot be adjusted is no error here.
        .args(["-man", "-Tutf8", "-rLL=44n"])
        .arg(page)
        .stdin(Stdio::null())
        .output()
        .ok()?;
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    Some(String::from_utf8(out.stdout).unwrap())
}

#[test]
fn urls_names_and_flags_are_never_hyphenated() {
    let t = Test::new();
    let dir = write_pages(&t);
    if Command::new("groff").arg("--version").output().is_err() {
        return;
    }
    for name in page_names() {
        let text = groff(&dir.join(format!("{name}.1"))).unwrap();
        // groff marks a word it hyphenates with U+2010 at the line's end.
        let broken: Vec<&str> = text.lines().filter(|l| l.ends_with('\u{2010}')).collect();
        assert!(broken.is_empty(), "{name}: hyphenated lines {broken:?}");
    }
    let create = groff(&dir.join("acwh-create.1")).unwrap();
    says(
        &create,
        &[
            "https://ACCOUNT.api-us1.com",
            // Copied from the page, an example still runs: ASCII quotes and hyphens.
            "acwh create -e subscribe,unsubscribe -s public,api \\\n",
            "    --url 'https://example.com/ac?token=s3cret'\n",
        ],
    );
}

#[test]
fn pages_fit_80_columns_as_man_renders_them() {
    let t = Test::new();
    let dir = write_pages(&t);
    if Command::new("man").arg("--version").output().is_err() {
        return;
    }
    for name in page_names() {
        let out = Command::new("man")
            .args(["-l"])
            .arg(dir.join(format!("{name}.1")))
            .env("MANWIDTH", "80")
            .env("MANPAGER", "cat")
            .env("PAGER", "cat")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(out.status.success(), "{name}: {out:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("EXAMPLES"), "{name}:\n{text}");
        let wide: Vec<&str> = text.lines().filter(|l| l.chars().count() > 80).collect();
        assert!(wide.is_empty(), "{name}: lines over 80 columns: {wide:#?}");
    }
}
