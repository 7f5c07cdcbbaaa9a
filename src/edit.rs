//! Editing a saved form body for `acwh replay --set/--unset`, byte for byte: every pair the
//! edit does not touch keeps its exact bytes (`%5B` or `[`, `+` or `%20`, `%5b`, a key
//! without `=`) and its place, and so does every `&` between them. Pure: no I/O, no panic,
//! so the inspector's replay-with-edits can reuse it.
//!
//! The rules, the same as `trigger -d/--remove` (`samples::customize`):
//! - `--unset KEY` runs first and removes every pair whose decoded key is `KEY` or lies under
//!   it (`deal` removes `deal[id]`, `deal[fields][0][key]`, ...). One that matches nothing is
//!   an error naming the key, since a typo would otherwise re-send the field unchanged.
//! - `--set KEY=VALUE` then replaces the value of every pair whose decoded key is exactly
//!   `KEY` (the key's own bytes are kept), or, when there is none, appends `KEY=VALUE` at the
//!   end. New keys and values are encoded as AC encodes them ([`crate::form::encode`]).

/// What keeps a body with these headers from being edited, if anything: only a plain
/// `application/x-www-form-urlencoded` body can be ("is application/json", "has no
/// Content-Type", "is gzip-encoded").
pub(crate) fn not_editable(headers: &[(String, String)]) -> Option<String> {
    let header = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim().to_ascii_lowercase())
    };
    let ct = header("content-type").unwrap_or_default();
    let media = ct.split(';').next().unwrap_or_default().trim();
    let coding = header("content-encoding").filter(|e| !e.is_empty() && e != "identity");
    match coding {
        Some(c) => Some(format!("is {c}-encoded")),
        None if media == "application/x-www-form-urlencoded" => None,
        None if media.is_empty() => Some("has no Content-Type".to_string()),
        None => Some(format!("is {media}")),
    }
}

/// `raw` with `unset` removed, then `set` applied (see the module doc), or what was wrong:
/// the `--unset` key that matched nothing.
pub(crate) fn edit(
    raw: &[u8],
    set: &[(String, String)],
    unset: &[String],
) -> Result<Vec<u8>, String> {
    // Every piece between '&'s, empty ones too, so joining them again gives `raw` back;
    // each piece's key decoded once (a page may send thousands of edits).
    let mut pieces: Vec<(Vec<u8>, Option<String>)> = raw
        .split(|&b| b == b'&')
        .map(|p| (p.to_vec(), decoded_key(p)))
        .collect();
    for key in unset {
        let before = pieces.len();
        let prefix = format!("{key}[");
        pieces.retain(|(_, k)| match k {
            Some(k) => k != key && !k.starts_with(&prefix),
            None => true,
        });
        if pieces.len() == before {
            return Err(format!("--unset {key}: the body has no such field"));
        }
    }
    // Where each key is, so every `set` finds its pairs at once.
    let mut at: std::collections::HashMap<String, Vec<usize>> = std::collections::HashMap::new();
    for (i, (_, k)) in pieces.iter().enumerate() {
        if let Some(k) = k {
            at.entry(k.clone()).or_default().push(i);
        }
    }
    for (key, value) in set {
        match at.get(key.as_str()) {
            Some(found) => {
                for &i in found {
                    let piece = &mut pieces[i].0;
                    let key_len = piece.iter().position(|&b| b == b'=').unwrap_or(piece.len());
                    piece.truncate(key_len);
                    piece.push(b'=');
                    piece.extend(
                        form_urlencoded::byte_serialize(value.as_bytes()).flat_map(str::bytes),
                    );
                }
            }
            None => {
                let pair = crate::form::encode(&[(key.clone(), value.clone())]).into_bytes();
                // A body that is empty or ends in '&' has an empty last piece: the pair
                // takes it.
                let i = match pieces.last_mut() {
                    Some((last, k)) if last.is_empty() => {
                        *last = pair;
                        *k = Some(key.clone());
                        pieces.len() - 1
                    }
                    _ => {
                        pieces.push((pair, Some(key.clone())));
                        pieces.len() - 1
                    }
                };
                at.insert(key.clone(), vec![i]);
            }
        }
    }
    let pieces: Vec<Vec<u8>> = pieces.into_iter().map(|(p, _)| p).collect();
    Ok(pieces.join(&b'&'))
}

/// The decoded key of one piece of a body (`a%5Bb%5D=1` -> `a[b]`), as `form::decode` reads
/// it; None for an empty piece, which holds no pair.
fn decoded_key(piece: &[u8]) -> Option<String> {
    form_urlencoded::parse(piece)
        .next()
        .map(|(k, _)| k.into_owned())
}

#[cfg(test)]
mod tests {
    use super::edit;

    fn set(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn unset(v: &[&str]) -> Vec<String> {
        v.iter().map(|k| k.to_string()).collect()
    }

    fn run(raw: &str, s: &[(&str, &str)], u: &[&str]) -> String {
        String::from_utf8(edit(raw.as_bytes(), &set(s), &unset(u)).unwrap()).unwrap()
    }

    #[test]
    fn untouched_pairs_keep_their_exact_bytes() {
        let raw = "a%5Bb%5D=x+y&c[d]=x%20y&e%5bf%5d=%7e&g=&h&&i=1";
        assert_eq!(run(raw, &[("i", "2")], &[]), raw.replace("i=1", "i=2"));
        assert_eq!(run(raw, &[], &[]), raw);
        // Removing one pair leaves the others, and the empty piece of `&&`, as written.
        assert_eq!(
            run(raw, &[], &["g"]),
            "a%5Bb%5D=x+y&c[d]=x%20y&e%5bf%5d=%7e&h&&i=1"
        );
        assert_eq!(run(raw, &[], &["a"]), "c[d]=x%20y&e%5bf%5d=%7e&g=&h&&i=1");
    }

    #[test]
    fn set_matches_decoded_keys_and_keeps_the_key_bytes() {
        assert_eq!(
            run("a%5bb%5D=1&z=2", &[("a[b]", "x y")], &[]),
            "a%5bb%5D=x+y&z=2"
        );
        // A key without '=' gets one; an empty value stays empty.
        assert_eq!(run("h&z=2", &[("h", "v")], &[]), "h=v&z=2");
        assert_eq!(run("g=&z=2", &[("g", "")], &[]), "g=&z=2");
        // Every occurrence of the key, and only that exact key.
        assert_eq!(run("t=1&t[x]=2&t=3", &[("t", "9")], &[]), "t=9&t[x]=2&t=9");
        // A '+' in the key decodes to a space.
        assert_eq!(run("a+b=1", &[("a b", "2")], &[]), "a+b=2");
    }

    #[test]
    fn set_of_a_new_key_appends_it_encoded_as_ac_does() {
        assert_eq!(
            run("type=update", &[("contact[email]", "me@example.com")], &[]),
            "type=update&contact%5Bemail%5D=me%40example.com"
        );
        assert_eq!(run("", &[("a", "1")], &[]), "a=1");
        assert_eq!(run("x=1&", &[("a", "1")], &[]), "x=1&a=1");
    }

    #[test]
    fn unset_takes_the_key_and_every_key_under_it_first() {
        let raw = "deal%5Bid%5D=1&deal[fields][0][key]=k&dealer=2&deal=3&type=deal_add";
        assert_eq!(run(raw, &[], &["deal"]), "dealer=2&type=deal_add");
        assert_eq!(
            run(raw, &[], &["deal[fields]"]),
            raw.replace("&deal[fields][0][key]=k", "")
        );
        // Unset before set: the key comes back at the end.
        assert_eq!(run("a=1&b=2", &[("a", "9")], &["a"]), "b=2&a=9");
    }

    #[test]
    fn unset_of_a_missing_key_names_it() {
        let err = edit(b"a=1&dealer=2", &[], &unset(&["deal"])).unwrap_err();
        assert!(err.contains("--unset deal"), "{err}");
        assert!(edit(b"", &[], &unset(&["a"])).is_err());
    }

    #[test]
    fn invalid_utf8_and_bad_percent_survive_untouched() {
        let raw = b"a=%ff%&b=\xff\xfe&c=1";
        let out = edit(raw, &set(&[("c", "2")]), &[]).unwrap();
        assert_eq!(out, b"a=%ff%&b=\xff\xfe&c=2");
    }
}
