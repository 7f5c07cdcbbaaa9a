//! `${VAR}` interpolation in the webhook file's strings, and the matching escape for export.
//! Pure: the environment comes in as a lookup function.
//!
//! Rules: `${NAME}` (NAME is letters, digits and `_`, not starting with a digit) is replaced
//! by the variable's value; an unset variable is an error. `$${` stands for a literal `${`.
//! Any other `$` is kept as is, since AC allows `$` in URLs.
//!
//! A file's strings fill in to at most [`MAX_FILLED`] bytes in all: a few bytes of
//! `${BIG}${BIG}...` must not grow into gigabytes.

/// The most a whole file's strings may fill in to. A webhook file of thousands of webhooks
/// is well under a megabyte.
pub(super) const MAX_FILLED: usize = 16 << 20;

/// A string with its variables filled in, and the variables it used, as (name, value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Filled {
    pub text: String,
    pub used: Vec<(String, String)>,
}

/// What is wrong with a `${...}`: the message, and the byte offset in the input where the
/// reference starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct BadReference {
    pub offset: usize,
    pub message: String,
}

/// Fills in `${VAR}` from `env`, failing once the text would pass `left` bytes (what is
/// left of [`MAX_FILLED`] for the file). Each variable is recorded once.
pub(super) fn fill(
    input: &str,
    env: &dyn Fn(&str) -> Option<String>,
    left: usize,
) -> Result<Filled, BadReference> {
    let mut text = String::with_capacity(input.len().min(left));
    let mut used = Vec::new();
    let mut i = 0;
    while let Some(rel) = input[i..].find('$') {
        let at = i + rel;
        text.push_str(&input[i..at]);
        let rest = &input[at..];
        if rest.starts_with("$${") {
            text.push_str("${");
            i = at + 3;
        } else if let Some(body) = rest.strip_prefix("${") {
            let Some(end) = body.find('}') else {
                return Err(BadReference {
                    offset: at,
                    message: "'${' is not closed: write ${NAME}, or $${ for a literal '${'".into(),
                });
            };
            let name = &body[..end];
            if !is_name(name) {
                return Err(BadReference {
                    offset: at,
                    message: format!(
                        "'${{{name}}}' is not a variable name: use letters, digits and _ (e.g. ${{CRM_TOKEN}}), or $${{ for a literal '${{'"
                    ),
                });
            }
            let Some(value) = env(name) else {
                return Err(BadReference {
                    offset: at,
                    message: format!(
                        "environment variable {name} is not set (the file uses ${{{name}}})"
                    ),
                });
            };
            if text.len() + value.len() > left {
                return Err(BadReference {
                    offset: at,
                    message: format!(
                        "with ${{{name}}} filled in, the file's strings pass {} MiB in all, far more than any webhook needs: check what {name} holds",
                        MAX_FILLED >> 20
                    ),
                });
            }
            text.push_str(&value);
            if !used.iter().any(|(n, _)| n == name) {
                used.push((name.to_string(), value));
            }
            i = at + 2 + end + 1;
        } else {
            text.push('$');
            i = at + 1;
        }
    }
    text.push_str(&input[i..]);
    if text.len() > left {
        return Err(BadReference {
            offset: 0,
            message: format!("the file's strings pass {} MiB in all", MAX_FILLED >> 20),
        });
    }
    Ok(Filled { text, used })
}

/// Escapes a value for the file so that `fill` gives it back unchanged: every `${` becomes
/// `$${`.
pub(super) fn escape(value: &str) -> String {
    value.replace("${", "$${")
}

fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn env(name: &str) -> Option<String> {
        match name {
            "TOKEN" => Some("s3cr3t".into()),
            "EMPTY" => Some(String::new()),
            _ => None,
        }
    }

    fn text(s: &str) -> String {
        fill(s, &env, MAX_FILLED).unwrap().text
    }

    #[test]
    fn fills_variables_and_records_them() {
        let f = fill("https://x.io/h?token=${TOKEN}&e=${EMPTY}", &env, MAX_FILLED).unwrap();
        assert_eq!(f.text, "https://x.io/h?token=s3cr3t&e=");
        assert_eq!(
            f.used,
            [
                ("TOKEN".to_string(), "s3cr3t".to_string()),
                ("EMPTY".to_string(), String::new())
            ]
        );
    }

    #[test]
    fn lone_dollars_and_escapes() {
        assert_eq!(text("a$b$"), "a$b$");
        assert_eq!(text("$${TOKEN}"), "${TOKEN}");
        assert_eq!(text("$$${TOKEN}"), "$${TOKEN}");
        assert_eq!(text("$$"), "$$");
        assert_eq!(text("${TOKEN}${TOKEN}"), "s3cr3ts3cr3t");
    }

    #[test]
    fn problems_name_the_variable_and_point_at_it() {
        let p = fill("abc${MISSING}", &env, MAX_FILLED).unwrap_err();
        assert_eq!(p.offset, 3);
        assert!(p.message.contains("MISSING is not set"), "{}", p.message);
        assert!(
            fill("x${TOKEN", &env, MAX_FILLED)
                .unwrap_err()
                .message
                .contains("not closed")
        );
        assert!(
            fill("${1X}", &env, MAX_FILLED)
                .unwrap_err()
                .message
                .contains("not a variable name")
        );
        assert!(fill("${}", &env, MAX_FILLED).is_err());
    }

    #[test]
    fn filling_stops_at_the_limit() {
        let p = fill("ab${TOKEN}${TOKEN}", &env, 10).unwrap_err();
        assert_eq!(p.offset, 10);
        assert!(p.message.contains("${TOKEN} filled in"), "{}", p.message);
        assert!(!p.message.contains("s3cr3t"), "{}", p.message);
        assert_eq!(fill("ab${TOKEN}", &env, 8).unwrap().text, "abs3cr3t");
        assert!(fill("abcdefghi", &env, 8).is_err());
        let f = fill("${TOKEN}${TOKEN}", &env, 100).unwrap();
        assert_eq!(f.used.len(), 1, "recorded once");
    }

    proptest! {
        #[test]
        fn escape_round_trips(s in "[a-z${}]{0,16}") {
            prop_assert_eq!(text(&escape(&s)), s);
        }
    }
}
