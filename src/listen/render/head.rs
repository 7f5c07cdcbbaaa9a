//! The one-line parts of the human view, each fitted to the width: the header (seq, date
//! and time, request, size), the AC summary, the answer given, the app's answer, and the
//! whole `--compact` line. Outside text is escaped before it is cut (see [`fit`]).

use std::fmt::Write as _;

use chrono::{Datelike as _, Timelike as _};
use serde_json::Value;

use super::super::{Answer, Capture, Forwarded, Seen};
use super::tree::{cols, fit};
use super::{View, size};
use crate::events;
use crate::output::Palette;

/// "#7 2026-12-03 12:03:04.120 POST /hooks/ac from 127.0.0.1:5000 310 B", the target cut
/// to fit; `-v` adds the content type when there is room. When even the shortest target
/// does not fit, the content type goes first, then the sender, then the date.
pub(super) fn header(cap: &Capture, seen: Seen, view: &View, p: &Palette, out: &mut String) {
    let seq = format!("#{}", seen.seq);
    let method = fit(&cap.method, 12);
    let size = size(cap.raw.len());
    let dup = seen.duplicate_of.map(|d| format!("duplicate of #{d}"));
    let target = cap.shown_target();
    let least = cols(&crate::escape::line(&target)).min(MIN_TARGET);
    let mut ct = match (view.verbose, cap.content_type.as_deref()) {
        (true, Some(ct)) => Some(fit(ct, 48)),
        _ => None,
    };
    let mut from = Some(format!("from {}", fit(&cap.client(), 48)));
    let mut when = stamp(cap, true);
    // Each part's columns, measured once.
    let opt = |s: Option<&str>| s.map_or(0, |s| cols(s) + 1);
    let (ct_cols, from_cols) = (opt(ct.as_deref()), opt(from.as_deref()));
    let always = [&seq, &*method, &size]
        .iter()
        .map(|s| cols(s) + 1)
        .sum::<usize>()
        + opt(dup.as_deref());
    let fixed = |ct: &Option<_>, from: &Option<String>, when: &str| {
        let ct: &Option<std::borrow::Cow<'_, str>> = ct;
        always
            + cols(when)
            + 1
            + if ct.is_some() { ct_cols } else { 0 }
            + if from.is_some() { from_cols } else { 0 }
    };
    if fixed(&ct, &from, &when) + least > view.width {
        ct = None;
    }
    if fixed(&ct, &from, &when) + least > view.width {
        from = None;
    }
    if fixed(&ct, &from, &when) + least > view.width {
        when = stamp(cap, false);
    }
    let room = view.width.saturating_sub(fixed(&ct, &from, &when));
    let target = fit(&target, room.max(least).max(1));
    let _ = write!(
        out,
        "{} {} {} {target}",
        p.bold(&seq),
        p.dim(&when),
        p.method(&method),
    );
    if let Some(from) = from {
        let _ = write!(out, " {}", p.dim(&from));
    }
    let _ = write!(out, " {}", p.dim(&size));
    if let Some(ct) = ct {
        let _ = write!(out, " {}", p.dim(&ct));
    }
    if let Some(d) = dup {
        let _ = write!(out, " {}", p.warn(&d));
    }
    out.push('\n');
}

/// The fewest columns the header gives the request target before it drops other parts.
const MIN_TARGET: usize = 16;

/// "2026-12-03 12:03:04.120" (with `date`), or "12:03:04.120".
fn stamp(cap: &Capture, date: bool) -> String {
    let t = cap.received_at;
    let mut s = String::with_capacity(24);
    // Digit by digit: `write!` costs more than the rest of the header.
    let digits = |s: &mut String, n: u32, width: u32| {
        for place in (0..width).rev() {
            s.push(char::from(b'0' + (n / 10u32.pow(place) % 10) as u8));
        }
    };
    if date {
        digits(&mut s, u32::try_from(t.year()).unwrap_or(0), 4);
        s.push('-');
        digits(&mut s, t.month(), 2);
        s.push('-');
        digits(&mut s, t.day(), 2);
        s.push(' ');
    }
    for (n, sep) in [(t.hour(), ':'), (t.minute(), ':'), (t.second(), '.')] {
        digits(&mut s, n, 2);
        s.push(sep);
    }
    digits(&mut s, t.timestamp_subsec_millis().min(999), 3);
    s
}

/// What a summary says: the event (known ones with their description), then facts, each
/// with a rank: when the line is too long, the lowest ranks go first.
struct Facts {
    event: String,
    description: Option<std::borrow::Cow<'static, str>>,
    facts: Vec<(u8, String)>,
}

impl Facts {
    fn of(cap: &Capture) -> Option<Facts> {
        let b = &cap.body;
        let tree = b.tree();
        let at = |path: &[&str]| {
            tree.and_then(|t| crate::form::get(t, path))
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
        };
        let mut facts: Vec<(u8, String)> = Vec::new();
        let (event, description) = match cap.event() {
            Some(event) => match events::describe(event) {
                Some(d) => (event.to_string(), Some(d.into())),
                None => (fit(event, 32).into_owned(), None),
            },
            None => {
                let series = fit(b.field("seriesid")?, 24);
                let series = format!("automation {series}");
                ("automation webhook".to_string(), Some(series.into()))
            }
        };
        match (b.field("initiated_from"), b.field("initiated_by")) {
            (Some(f), Some(by)) if f != by => facts.push((0, format!("from {f} by {by}"))),
            _ => {}
        }
        facts.extend(at(&["contact", "email"]).map(|e| (5, e.to_string())));
        match (at(&["list", "name"]), at(&["list", "id"])) {
            (Some(name), Some(id)) => facts.push((4, format!("list {id} \"{name}\""))),
            (Some(name), None) => facts.push((4, format!("list \"{name}\""))),
            // List 0 is "no list": noise on every event that is not about one.
            _ => facts.extend(
                b.field("list")
                    .filter(|l| *l != "0")
                    .map(|l| (1, format!("list {l}"))),
            ),
        }
        facts.extend(at(&["deal", "title"]).map(|t| (4, format!("deal \"{t}\""))));
        facts.extend(at(&["campaign", "name"]).map(|n| (2, format!("campaign \"{n}\""))));
        facts.extend(at(&["link", "url"]).map(|u| (3, u.to_string())));
        Some(Facts {
            event,
            description,
            facts,
        })
    }

    /// Writes the event (with its description unless `short`) and as many facts as fit in
    /// `room` columns, the last cut with `…` when even the most telling do not.
    fn write(mut self, room: usize, short: bool, p: &Palette, out: &mut String) {
        // Facts hold outside text: measured as shown, escaped.
        let len = |facts: &[(u8, String)]| {
            facts
                .iter()
                .map(|(_, f)| cols(&crate::escape::line(f)) + 2)
                .sum::<usize>()
        };
        let mut head = cols(&self.event);
        let desc = self.description.take().filter(|_| !short);
        if let Some(d) = &desc {
            head += cols(d) + 3;
        }
        if head + len(&self.facts) > room && self.facts.len() > 1 {
            // Most telling first: the facts ranked 3 and up always stay (they are cut with
            // `…` below if need be), a lesser one stays when it still fits, even after a
            // longer one of its betters did not. The order shown is kept.
            let mut ranked: Vec<usize> = (0..self.facts.len()).collect();
            ranked.sort_by_key(|&i| std::cmp::Reverse(self.facts[i].0));
            let mut keep = vec![false; self.facts.len()];
            let mut used = head;
            for i in ranked {
                let w = len(std::slice::from_ref(&self.facts[i]));
                if self.facts[i].0 >= 3 || used + w <= room {
                    keep[i] = true;
                    used += w;
                }
            }
            if !keep.contains(&true) {
                // Nothing fits: the most telling one stays, cut.
                let best = (0..self.facts.len()).max_by_key(|&i| self.facts[i].0);
                keep[best.unwrap_or(0)] = true;
            }
            let mut at = 0;
            self.facts.retain(|_| {
                at += 1;
                keep[at - 1]
            });
        }
        // Still too long: the event's description goes (the tree says the rest).
        let desc = desc.filter(|_| head + len(&self.facts) <= room);
        let head = cols(&self.event) + desc.as_ref().map_or(0, |d| cols(d) + 3);
        out.push_str(&p.event(&self.event));
        if let Some(d) = &desc {
            out.push_str(" · ");
            out.push_str(d);
        }
        if !self.facts.is_empty() {
            let facts: Vec<&str> = self.facts.iter().map(|(_, f)| f.as_str()).collect();
            out.push_str("  ");
            out.push_str(&fit(
                &facts.join("  "),
                room.saturating_sub(head + 2).max(8),
            ));
        }
    }
}

/// The summary's parts, unfitted and unescaped (outside text), for the inspector's JSON: the
/// event (or "automation webhook"), its description, and the facts in the order shown.
pub(crate) fn summary_parts(cap: &Capture) -> Option<(String, Option<String>, Vec<String>)> {
    let f = Facts::of(cap)?;
    let facts = f.facts.into_iter().map(|(_, fact)| fact).collect();
    Some((f.event, f.description.map(|d| d.into_owned()), facts))
}

/// "subscribe · Contact added  list 1  jane@example.com", fitted to the width. "from X by
/// Y" only when the two differ.
pub(super) fn summary(cap: &Capture, width: usize, p: &Palette, out: &mut String) {
    if let Some(facts) = Facts::of(cap) {
        facts.write(width, false, p, out);
        out.push('\n');
    }
}

/// "<- 200 OK  0.2 ms", and why a path went nowhere when `--forward-to` had no route for it.
pub(super) fn answer(a: &Answer, p: &Palette, out: &mut String) {
    let reason = reason(a.status);
    let ms = a
        .forward
        .as_ref()
        .filter(|f| f.status.is_some())
        .map_or(a.ms, |f| f.ms);
    let _ = write!(out, "  {} {}", p.dim("<-"), p.status(a.status));
    if !reason.is_empty() {
        let _ = write!(out, " {reason}");
    }
    let _ = write!(out, "  {}", p.dim(&format!("{ms:.1} ms")));
    if a.unrouted {
        let _ = write!(
            out,
            "  {}",
            p.warn("no --forward-to prefix matches this path; not forwarded")
        );
    }
    out.push('\n');
}

/// The reason phrase of a status, for the answer line ("" for a code without one).
pub(crate) fn reason(status: u16) -> &'static str {
    hyper::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("")
}

/// What the app said to a forwarded request: status and time, then the first lines of its
/// answer.
pub(super) fn forwarded(f: &Forwarded, width: usize, p: &Palette, out: &mut String) {
    let url = fit(&f.url, width.saturating_sub(40).max(16));
    match (f.status, &f.error) {
        (Some(status), _) => {
            let _ = writeln!(
                out,
                "  {} {url} {} in {:.1} ms",
                p.dim("-> app"),
                p.status(status),
                f.ms
            );
        }
        (None, err) => {
            let err = fit(
                err.as_deref().unwrap_or("no answer"),
                width.saturating_sub(40).max(16),
            );
            let _ = writeln!(
                out,
                "  {} {url} {} ({err}); answered 502",
                p.dim("-> app"),
                p.error("unreachable"),
            );
        }
    }
    for line in f.body_head.lines().take(5) {
        let _ = writeln!(
            out,
            "     {}",
            p.dim(&fit(line, width.saturating_sub(5).max(16)))
        );
    }
}

/// `--compact`: "12:03:04.120  #7  subscribe  jane@example.com  list 1  <- 200  0.2 ms
/// [dup of #5]".
pub(super) fn compact(cap: &Capture, seen: Seen, a: &Answer, view: &View, p: &Palette) -> String {
    let mut out = String::with_capacity(128);
    let seq = format!("#{}", seen.seq);
    let ms = a
        .forward
        .as_ref()
        .filter(|f| f.status.is_some())
        .map_or(a.ms, |f| f.ms);
    let tail = format!("{ms:.1} ms");
    let dup = seen.duplicate_of.map(|d| format!("[dup of #{d}]"));
    // As the block's answer line says it: no `--forward-to` prefix took this path.
    let unrouted = a.unrouted.then_some("[not forwarded: no route]");
    let fixed = 12
        + 2
        + seq.len()
        + 2
        + 2
        + 3
        + 3
        + 2
        + tail.len()
        + dup.as_ref().map_or(0, |d| d.len() + 2)
        + unrouted.map_or(0, |u| u.len() + 2);
    let room = view.width.saturating_sub(fixed).max(16);
    let _ = write!(out, "{}  {}  ", p.dim(&stamp(cap, false)), p.bold(&seq));
    match Facts::of(cap) {
        Some(facts) => facts.write(room, true, p, &mut out),
        None => {
            let method = fit(&cap.method, 12);
            let target = cap.shown_target();
            let target = fit(&target, room.saturating_sub(method.len() + 1).max(8));
            let _ = write!(out, "{} {target}", p.method(&method));
        }
    }
    let _ = write!(
        out,
        "  {} {}  {}",
        p.dim("<-"),
        p.status(a.status),
        p.dim(&tail)
    );
    if let Some(u) = unrouted {
        let _ = write!(out, "  {}", p.warn(u));
    }
    if let Some(d) = dup {
        let _ = write!(out, "  {}", p.warn(&d));
    }
    out.push('\n');
    out
}
