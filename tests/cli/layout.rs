//! The source tree keeps the shape ARCHITECTURE.md describes: no module imports, directly or
//! through others, a module that imports it; nothing outside `src/cmd/` names `crate::cmd`;
//! `src/cmd/` holds one file per subcommand and `mod.rs`; `cmd/listen.rs` stays glue.
//!
//! The graph is read from the text: every `crate::a::b` and `super::a` path a file names (in
//! `use` lines, braces included, and in code), mapped to the module that defines it. A module
//! naming its own descendants is containment, not an edge.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use clap::CommandFactory;

type Module = Vec<String>;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `src/` and the module it defines (`[]` for lib.rs and main.rs).
fn modules() -> BTreeMap<Module, String> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(&src(), &mut files);
    let mut out = BTreeMap::new();
    for file in files {
        let rel = file.strip_prefix(src()).unwrap().with_extension("");
        let mut m: Module = rel
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        if m.last().is_some_and(|l| l == "mod") {
            m.pop();
        }
        if m == ["lib"] || m == ["main"] {
            m.clear();
        }
        let text = std::fs::read_to_string(&file).unwrap();
        out.insert(m, text);
    }
    out
}

/// The text without comments (line comments only: the crate has no block comments).
fn code(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The paths a file names: `crate::x::y`, `super::x`, and the parts of `use crate::{a, b::c}`.
fn named_paths(text: &str, module: &Module) -> Vec<Module> {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == ':';
    let mut out = Vec::new();
    let text = code(text);
    for (start, prefix) in text
        .match_indices("crate::")
        .map(|(i, _)| (i, "crate"))
        .chain(text.match_indices("super::").map(|(i, _)| (i, "super")))
    {
        if start > 0 && text[..start].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        let rest = &text[start + prefix.len() + 2..];
        let base: Module = if prefix == "crate" {
            Vec::new()
        } else {
            // `super` from `a/b.rs` or `a/b/mod.rs` (module a::b) is `a`.
            module[..module.len().saturating_sub(1)].to_vec()
        };
        if let Some(group) = rest.strip_prefix('{') {
            let inner = &group[..group.find('}').unwrap_or(group.len())];
            for part in inner.split(',') {
                let p: String = part.trim().chars().take_while(|c| ident(*c)).collect();
                let mut m = base.clone();
                m.extend(p.split("::").filter(|s| !s.is_empty()).map(str::to_string));
                out.push(m);
            }
            continue;
        }
        let p: String = rest.chars().take_while(|c| ident(*c)).collect();
        let mut m = base;
        m.extend(p.split("::").filter(|s| !s.is_empty()).map(str::to_string));
        out.push(m);
    }
    out
}

/// The module a path lands in: its longest prefix that is a module.
fn owner(path: &Module, known: &BTreeSet<Module>) -> Option<Module> {
    (1..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|m| known.contains(m))
}

fn graph() -> BTreeMap<Module, BTreeSet<Module>> {
    let mods = modules();
    let known: BTreeSet<Module> = mods.keys().cloned().collect();
    let mut edges = BTreeMap::new();
    for (m, text) in &mods {
        let targets: BTreeSet<Module> = named_paths(text, m)
            .iter()
            .filter_map(|p| owner(p, &known))
            .filter(|t| t != m && !t.starts_with(m))
            .collect();
        edges.insert(m.clone(), targets);
    }
    edges
}

/// The strongly connected components with more than one module (Tarjan).
fn cycles(edges: &BTreeMap<Module, BTreeSet<Module>>) -> Vec<Vec<Module>> {
    struct State<'a> {
        edges: &'a BTreeMap<Module, BTreeSet<Module>>,
        index: BTreeMap<Module, usize>,
        low: BTreeMap<Module, usize>,
        stack: Vec<Module>,
        found: Vec<Vec<Module>>,
    }
    fn visit(s: &mut State<'_>, v: &Module) {
        let n = s.index.len();
        s.index.insert(v.clone(), n);
        s.low.insert(v.clone(), n);
        s.stack.push(v.clone());
        let next: Vec<Module> = s.edges.get(v).into_iter().flatten().cloned().collect();
        for w in next {
            if !s.index.contains_key(&w) {
                visit(s, &w);
                let lw = s.low[&w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(lw);
            } else if s.stack.contains(&w) {
                let iw = s.index[&w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = s.stack.pop() {
                let done = &w == v;
                comp.push(w);
                if done {
                    break;
                }
            }
            if comp.len() > 1 {
                s.found.push(comp);
            }
        }
    }
    let mut s = State {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        found: Vec::new(),
    };
    for v in edges.keys() {
        if !s.index.contains_key(v) {
            visit(&mut s, v);
        }
    }
    s.found
}

#[test]
fn no_module_imports_a_module_that_imports_it() {
    let edges = graph();
    assert!(edges.len() > 50, "read only {} modules", edges.len());
    assert_eq!(cycles(&edges), Vec::<Vec<Module>>::new());
    // The same at the top level: `listen` as a whole never reaches back to what reaches it.
    let mut top: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (m, ts) in &edges {
        for t in ts {
            if !m.is_empty() && !t.is_empty() && m[0] != t[0] {
                top.entry(vec![m[0].clone()])
                    .or_default()
                    .insert(vec![t[0].clone()]);
            }
        }
    }
    assert_eq!(cycles(&top), Vec::<Vec<Module>>::new());
}

#[test]
fn the_cycle_check_finds_a_cycle() {
    let m = |s: &str| vec![s.to_string()];
    let mut edges = BTreeMap::new();
    edges.insert(m("a"), BTreeSet::from([m("b")]));
    edges.insert(m("b"), BTreeSet::from([m("c")]));
    edges.insert(m("c"), BTreeSet::from([m("a")]));
    edges.insert(m("d"), BTreeSet::from([m("a")]));
    assert_eq!(cycles(&edges).len(), 1);
    // And the path reader sees grouped and nested imports.
    let paths = named_paths(
        "use crate::{api::Client, output};\nlet x = crate::listen::saved::load(p);\n// crate::cmd in a comment\n",
        &m("x"),
    );
    let want: Vec<Module> = vec![
        vec!["api".into(), "Client".into()],
        vec!["output".into()],
        vec!["listen".into(), "saved".into(), "load".into()],
    ];
    assert_eq!(paths, want);
}

#[test]
fn nothing_outside_cmd_calls_into_cmd() {
    for (m, text) in modules() {
        if m.first().is_some_and(|f| f == "cmd") || m.is_empty() {
            continue;
        }
        assert!(
            !code(&text).contains("crate::cmd"),
            "src/{} names crate::cmd",
            m.join("/")
        );
    }
}

#[test]
fn cmd_holds_one_file_per_subcommand() {
    let names: BTreeSet<String> = acwh::cli::Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for entry in std::fs::read_dir(src().join("cmd")).unwrap() {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        assert!(
            stem == "mod" || names.contains(&stem),
            "src/cmd/{} is not named after a subcommand",
            path.file_name().unwrap().to_string_lossy()
        );
    }
    for name in &names {
        let file = src().join("cmd").join(format!("{name}.rs"));
        let folder = src().join("cmd").join(name).join("mod.rs");
        assert!(file.exists() || folder.exists(), "no src/cmd/{name}.rs");
    }
}

#[test]
fn cmd_listen_is_glue() {
    let text = std::fs::read_to_string(src().join("cmd/listen.rs")).unwrap();
    let n = text.lines().count();
    assert!(
        n <= 150,
        "src/cmd/listen.rs has {n} lines: move logic into src/listen/"
    );
}
