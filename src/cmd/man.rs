//! `acwh man`: the manual, generated from the clap definition: a page for acwh and one for
//! every subcommand, nested ones too (`acwh-sandbox-fire(1)`), so every page a page names
//! exists. Each ends with the command's examples (its help's) and SEE ALSO. URLs are kept
//! whole: roff would otherwise hyphenate them at a line's end.

use clap::Command;

use crate::cli::{Cli, EXAMPLES_HEADING, ManArgs};
use crate::output::Out;

pub(crate) fn run(args: ManArgs) -> anyhow::Result<()> {
    use anyhow::Context as _;
    let pages = pages()?;
    let Some(dir) = args.dir else {
        let all: Vec<u8> = pages.into_iter().flat_map(|(_, page)| page).collect();
        return Ok(Out::default().bytes(&all)?);
    };
    let shown = crate::escape::path(&dir);
    std::fs::create_dir_all(&dir).with_context(|| format!("could not create {shown}"))?;
    for (name, page) in &pages {
        let file = dir.join(format!("{name}.1"));
        std::fs::write(&file, page)
            .with_context(|| format!("could not write {}", crate::escape::path(&file)))?;
    }
    crate::note!(
        "wrote {} man pages to {shown} (acwh.1 and acwh-*.1)",
        pages.len()
    );
    Ok(())
}

/// Every page, `acwh` first, as (page name, roff).
fn pages() -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let mut root = <Cli as clap::CommandFactory>::command();
    root.build();
    let mut out = Vec::new();
    walk(&root, "acwh", "acwh", None, &mut out)?;
    Ok(out)
}

fn walk(
    cmd: &Command,
    page: &str,
    bin: &str,
    parent: Option<&str>,
    out: &mut Vec<(String, Vec<u8>)>,
) -> anyhow::Result<()> {
    let children: Vec<&Command> = cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
        .collect();
    let mut see_also: Vec<String> = parent.map(str::to_string).into_iter().collect();
    see_also.extend(children.iter().map(|c| format!("{page}-{}", c.get_name())));
    // Every page carries the version (clap propagates it only as deep as it has built).
    let mut this = cmd
        .clone()
        .display_name(page.to_string())
        .bin_name(bin.to_string())
        .version(env!("CARGO_PKG_VERSION"));
    // clap's `help` subcommand is `--help`: no page of its own, so no page may name one.
    if this.find_subcommand("help").is_some() {
        this = this.mut_subcommand("help", |h| h.hide(true));
    }
    out.push((page.to_string(), render(this, &see_also)?));
    for child in children {
        let name = child.get_name();
        let (p, b) = (format!("{page}-{name}"), format!("{bin} {name}"));
        walk(child, &p, &b, Some(page), out)?;
    }
    Ok(())
}

/// One page: clap_mangen's sections, then EXAMPLES (from the help's examples, in place of
/// clap_mangen's EXTRA) and SEE ALSO, then the version.
fn render(cmd: Command, see_also: &[String]) -> std::io::Result<Vec<u8>> {
    let examples = cmd.get_after_help().map(ToString::to_string);
    let has_options = cmd.get_arguments().any(|a| !a.is_hide_set());
    let has_subcommands = cmd.get_subcommands().any(|s| !s.is_hide_set());
    let man = clap_mangen::Man::new(cmd).source(concat!("acwh ", env!("CARGO_PKG_VERSION")));
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    // Every section comes with the same preamble (the title's): keep it once.
    let preamble = page.windows(3).position(|w| w == b".TH").unwrap_or(0);
    // No hyphenation at all: a flag, a page name or a path split with an inserted hyphen
    // reads (and copies) wrong.
    page.extend_from_slice(b".nh\n");
    let section = |page: &mut Vec<u8>, render: &dyn Fn(&mut Vec<u8>) -> std::io::Result<()>| {
        let mut buf = Vec::new();
        render(&mut buf)?;
        page.extend_from_slice(buf.get(preamble..).unwrap_or_default());
        Ok::<_, std::io::Error>(())
    };
    section(&mut page, &|b| man.render_name_section(b))?;
    section(&mut page, &|b| man.render_synopsis_section(b))?;
    section(&mut page, &|b| man.render_description_section(b))?;
    if has_options {
        section(&mut page, &|b| man.render_options_section(b))?;
    }
    if has_subcommands {
        section(&mut page, &|b| man.render_subcommands_section(b))?;
    }
    let mut tail = String::new();
    if let Some(ex) = examples {
        // At the section's indent (7 columns), so an example of 73 columns fits a page
        // of 80; a continuation line keeps its indent past the example's own two spaces.
        tail.push_str(".SH EXAMPLES\n.nf\n");
        for line in ex.lines().filter(|l| *l != EXAMPLES_HEADING) {
            let line = line.strip_prefix("  ").unwrap_or(line).trim_end();
            tail.push_str(&format!("\\%{}\n", text(line)));
        }
        tail.push_str(".fi\n");
    }
    if !see_also.is_empty() {
        let refs: Vec<String> = see_also
            .iter()
            .map(|p| format!("\\%\\fB{}\\fR(1)", text(p)))
            .collect();
        tail.push_str(&format!(".SH \"SEE ALSO\"\n{}\n", refs.join(", ")));
    }
    page.extend_from_slice(tail.as_bytes());
    section(&mut page, &|b| man.render_version_section(b))?;
    Ok(unbreakable_urls(&page))
}

/// Text for a roff text line: backslashes and hyphens escaped, apostrophes as the ASCII one
/// (a typeset quote would break a shell command copied from the page).
fn text(s: &str) -> String {
    s.replace('\\', "\\e")
        .replace('-', "\\-")
        .replace('\'', "\\*(Aq")
}

/// Marks every word holding a URL or a path `\%`, which keeps roff from hyphenating it even
/// where hyphenation is on: a URL broken with an inserted hyphen no longer works when copied.
/// Control lines are left alone.
fn unbreakable_urls(page: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(page);
    let mut out = String::with_capacity(text.len() + 64);
    for line in text.split_inclusive('\n') {
        if line.starts_with('.') || line.starts_with('\'') || !line.contains('/') {
            out.push_str(line);
            continue;
        }
        let words: Vec<String> = line
            .split(' ')
            .map(|w| {
                if w.contains('/') && !w.starts_with("\\%") {
                    format!("\\%{w}")
                } else {
                    w.to_string()
                }
            })
            .collect();
        out.push_str(&words.join(" "));
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_marked_whole_and_control_lines_left_alone() {
        let page = b".TH acwh 1\ne.g. https://ACCOUNT.api\\-us1.com. Plain\n.B https://x\n\\%https://y z ~/.zfunc\n";
        let out = String::from_utf8(unbreakable_urls(page)).unwrap();
        assert_eq!(
            out,
            ".TH acwh 1\ne.g. \\%https://ACCOUNT.api\\-us1.com. Plain\n.B https://x\n\\%https://y z \\%~/.zfunc\n"
        );
    }

    #[test]
    fn examples_are_roff_safe() {
        assert_eq!(
            text("acwh trigger x -d 'a[b]=c' \\"),
            "acwh trigger x \\-d \\*(Aqa[b]=c\\*(Aq \\e"
        );
    }
}
