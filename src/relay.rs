//! Talking to receivers: the one client policy for every request acwh sends to a receiver
//! (`trigger`, `replay`, `listen --forward-to`, the sandbox's deliveries), the byte-exact
//! re-sending of a caught or saved request without its hop-by-hop headers, where such a
//! request goes under a base URL, and the curl line that would send it.

use std::time::Duration;

use bytes::Bytes;
use url::Url;

use crate::escape::shell_word;

/// The policy: a connect timeout of at most 10 s, `timeout` for the whole exchange, no
/// redirects (a receiver's 3xx is its answer, shown as it is), and no User-Agent of its own,
/// so a re-sent request carries exactly the headers it came with. Callers add what is theirs
/// (`trigger`'s User-Agent, the sandbox's loopback resolver).
pub(crate) fn client(timeout: Duration) -> reqwest::ClientBuilder {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10).min(timeout))
        .timeout(timeout)
        .redirect(reqwest::redirect::Policy::none())
}

/// Whether `ip` is a loopback address, an IPv4 one written as IPv6 (`::ffff:127.0.0.1`)
/// included. Private, link-local, unspecified and public addresses are not.
pub(crate) fn is_loopback_ip(ip: std::net::IpAddr) -> bool {
    ip.to_canonical().is_loopback()
}

/// Whether a URL's host is this machine: `localhost` or a loopback address.
pub(crate) fn is_loopback_url(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => is_loopback_ip(ip.into()),
        Some(url::Host::Ipv6(ip)) => is_loopback_ip(ip.into()),
        None => false,
    }
}

/// A request as it was caught or saved: what is sent again, byte for byte. The body is
/// shared, not copied, however large.
#[derive(Debug, Clone)]
pub(crate) struct Request<'a> {
    pub(crate) method: &'a str,
    pub(crate) headers: &'a [(String, String)],
    pub(crate) body: Bytes,
}

/// What a receiver answered: its status and content type, and the start of its body.
#[derive(Debug, Clone)]
pub(crate) struct Response {
    pub(crate) status: u16,
    pub(crate) content_type: Option<String>,
    pub(crate) body: Bytes,
}

/// Sends `req` to `url` as it was, less the headers that belong to one connection, and reads
/// at most `keep` bytes of the answer's body (0: none), so a large answer costs nothing.
pub(crate) async fn send(
    http: &reqwest::Client,
    req: &Request<'_>,
    url: &Url,
    keep: usize,
) -> Result<Response, reqwest::Error> {
    let method =
        reqwest::Method::from_bytes(req.method.as_bytes()).unwrap_or(reqwest::Method::POST);
    let mut out = http.request(method, url.clone()).body(req.body.clone());
    for (k, v) in req.headers.iter().filter(|(k, _)| passes(k)) {
        out = out.header(k.as_str(), v.as_str());
    }
    let mut resp = out.send().await?;
    let status = resp.status().as_u16();
    let content_type = resp
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let mut body = Vec::new();
    while body.len() < keep {
        match resp.chunk().await? {
            Some(chunk) => body.extend_from_slice(&chunk),
            None => break,
        }
    }
    body.truncate(keep);
    Ok(Response {
        status,
        content_type,
        body: Bytes::from(body),
    })
}

/// Headers that belong to one connection, never forwarded or replayed (RFC 9110 §7.6.1),
/// plus the ones the new request computes itself.
const HOP_BY_HOP: [&str; 10] = [
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "host",
];

/// Whether a header travels on a forwarded or replayed request.
pub(crate) fn passes(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    !HOP_BY_HOP.contains(&n.as_str()) && n != "content-length" && n != "expect"
}

/// Where a request for `target` (path and query as received) goes under `base`: the path is
/// appended to the base's path, the query kept. `http://app/hooks` + `/ac?t=1` gives
/// `http://app/hooks/ac?t=1`; a base of `http://app/` keeps the path as it was.
///
/// A target that could leave the base's path is refused with the reason: one with a `.` or
/// `..` segment in any spelling (see [`has_dot_segment`]), or with a control character or
/// white space, which no request line carries and which the URL parser would drop.
pub(crate) fn join_target(base: &Url, target: &str) -> Result<Url, String> {
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (target, None),
    };
    if target.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err("the target holds a control character or white space".into());
    }
    if has_dot_segment(path) {
        return Err(format!(
            "the path has a `.` or `..` segment (also as %2e or with \\), which would leave {}",
            base.path()
        ));
    }
    let mut url = base.clone();
    if !path.is_empty() {
        let joined = format!(
            "{}/{}",
            base.path().trim_end_matches('/'),
            path.trim_start_matches('/')
        );
        url.set_path(&joined);
    }
    let q = match (base.query(), query) {
        (Some(a), Some(b)) if !a.is_empty() => Some(format!("{a}&{b}")),
        (_, Some(b)) => Some(b.to_string()),
        (a, None) => a.map(str::to_string),
    };
    url.set_query(q.as_deref().filter(|q| !q.is_empty()));
    Ok(url)
}

/// Whether a path holds a `.` or `..` segment in any spelling that the URL parser or an app
/// might resolve: plain, percent-encoded in any case (`%2e`, `.%2E`), encoded more than once
/// (`%252e`), between `/` or `\` (plain or encoded), or with `;` parameters (`..;`).
/// A path still encoded after a few rounds of decoding counts as one, rather than guessing.
fn has_dot_segment(path: &str) -> bool {
    let is_dots = |seg: &str| matches!(seg.split(';').next(), Some("." | ".."));
    let mut text = path.to_string();
    for _ in 0..4 {
        if text.split(['/', '\\']).any(is_dots) {
            return true;
        }
        let decoded = percent_decode(&text);
        if decoded == text {
            return false;
        }
        text = decoded;
    }
    true
}

/// `%XX` escapes decoded once; invalid escapes and bytes kept, invalid UTF-8 replaced.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Whether `s` is an HTTP token (RFC 9110 §5.6.2), as a method and a header name must be.
fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Why a saved request cannot be sent again, if it cannot: a method or a header name that
/// is not an HTTP token, or a header value holding an ASCII control other than tab (CR, LF,
/// NUL, ESC, DEL, ...). No HTTP request carries those, so a save file that has them was
/// edited; they are refused rather than sent or printed. The reason is safe for a terminal.
pub(crate) fn unsendable(s: &Request<'_>) -> Option<String> {
    if !is_token(s.method) {
        return Some(format!(
            "the method `{}` is not an HTTP method",
            crate::escape::line(s.method)
        ));
    }
    s.headers.iter().find_map(|(k, v)| {
        if !is_token(k) {
            Some(format!(
                "the header name `{}` is not an HTTP header name",
                crate::escape::line(k)
            ))
        } else if v.chars().any(|c| c.is_ascii_control() && c != '\t') {
            Some(format!(
                "the {} header holds a control character",
                crate::escape::line(k)
            ))
        } else {
            None
        }
    })
}

/// A one-line POSIX shell command that sends the same request with curl, body byte for byte.
/// Every part is quoted and the text is safe for a terminal (see [`shell_word`]); the body always
/// goes through stdin (`--data-binary @-`), so no body can make curl read a file. `s` must
/// have passed [`unsendable`].
pub(crate) fn curl_command(s: &Request<'_>, url: &Url) -> String {
    let mut cmd = format!(
        "curl -sS -X {} {}",
        shell_word(s.method),
        shell_word(url.as_str())
    );
    for (k, v) in s.headers.iter().filter(|(k, _)| passes(k)) {
        // curl drops a header given as `name:` with nothing after it; `name;` sends it empty.
        let header = if v.is_empty() {
            format!("{k};")
        } else {
            format!("{k}: {v}")
        };
        cmd.push_str(&format!(" -H {}", shell_word(&header)));
    }
    if s.body.is_empty() {
        return cmd;
    }
    format!("printf {} | {cmd} --data-binary @-", printf_format(&s.body))
}

/// A quoted `printf` format that prints `bytes` exactly: printable ASCII as it is (`%` and
/// `\` doubled), every other byte, `'` included, as a `\ooo` octal escape.
fn printf_format(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 2);
    out.push('\'');
    for &b in bytes {
        match b {
            b'%' => out.push_str("%%"),
            b'\\' => out.push_str("\\\\"),
            b'\'' => out.push_str("\\047"),
            0x20..=0x7e => out.push(b as char),
            _ => out.push_str(&format!("\\{b:03o}")),
        }
    }
    out.push('\'');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn saved() -> (String, Vec<(String, String)>, Vec<u8>) {
        let headers = vec![
            (
                "content-type".into(),
                "application/x-www-form-urlencoded".into(),
            ),
            ("host".into(), "x".into()),
            ("connection".into(), "keep-alive".into()),
        ];
        ("POST".into(), headers, b"type=x&a=it's".to_vec())
    }

    fn request(s: &(String, Vec<(String, String)>, Vec<u8>)) -> Request<'_> {
        Request {
            method: &s.0,
            headers: &s.1,
            body: Bytes::from(s.2.clone()),
        }
    }

    #[test]
    fn targets_join_paths_and_queries() {
        let u = |s: &str| Url::parse(s).unwrap();
        let join = |base: &str, t: &str| join_target(&u(base), t).unwrap().to_string();
        assert_eq!(
            join("http://app:3000/hooks", "/ac?t=1"),
            "http://app:3000/hooks/ac?t=1"
        );
        assert_eq!(join("http://app:3000/", "/ac/x"), "http://app:3000/ac/x");
        assert_eq!(join("http://app:3000/deals", ""), "http://app:3000/deals");
        assert_eq!(
            join("http://app:3000/h?k=v", "/?t=1"),
            "http://app:3000/h/?k=v&t=1"
        );
        // Dots inside a segment, and in the query, are only text.
        assert_eq!(
            join("http://app/h", "/a..b/.x/x./...?p=../.."),
            "http://app/h/a..b/.x/x./...?p=../.."
        );
    }

    #[test]
    fn targets_that_could_leave_the_base_are_refused() {
        let base = Url::parse("http://app/hooks/ac").unwrap();
        for target in [
            "/..",
            "/../../admin",
            "/./x",
            "/a/.",
            "/%2e%2e/admin",
            "/%2E%2e/admin",
            "/.%2e/admin",
            "/%2e./admin",
            "/%2e/admin",
            "/..\\admin",
            "/a\\..\\..\\admin",
            "/..%5cadmin",
            "/..%5Cadmin",
            "/..%2fadmin",
            "/%252e%252e/admin",
            "/%25252e%25252e/admin",
            "/..;/admin",
            "/.;x/admin",
            "..",
            "/.\t./admin",
            "/a\nb",
            "/a b",
            "/a\u{0}b",
        ] {
            let got = join_target(&base, target);
            assert!(got.is_err(), "{target:?} gave {got:?}");
        }
    }

    #[test]
    fn curl_quotes_every_part_and_drops_hop_by_hop_headers() {
        let s = saved();
        let cmd = curl_command(
            &request(&s),
            &Url::parse("http://127.0.0.1:8080/h?token=a").unwrap(),
        );
        assert_eq!(
            cmd,
            "printf 'type=x&a=it\\047s' | curl -sS -X 'POST' 'http://127.0.0.1:8080/h?token=a' -H 'content-type: application/x-www-form-urlencoded' --data-binary @-"
        );
        let mut bin = saved();
        bin.2 = vec![0xff, 0, b'%', b'\\', b'@', b'\n'];
        bin.1.clear();
        assert_eq!(
            curl_command(&request(&bin), &Url::parse("http://h/").unwrap()),
            "printf '\\377\\000%%\\\\@\\012' | curl -sS -X 'POST' 'http://h/' --data-binary @-"
        );
    }

    #[test]
    fn requests_no_http_can_carry_are_unsendable() {
        let with = |method: &str, header: (&str, &str)| {
            let mut s = saved();
            s.0 = method.into();
            s.1 = vec![(header.0.into(), header.1.into())];
            unsendable(&request(&s))
        };
        assert_eq!(with("X`touch$IFS.P`&", ("x-a", "$(x)\t'")), None);
        for (method, header) in [
            ("", ("a", "1")),
            ("PO ST", ("a", "1")),
            ("POST\n", ("a", "1")),
            ("POST", ("a b", "1")),
            ("POST", ("@/etc/passwd", "1")),
            ("POST", ("a", "1\r\nX: 2")),
            ("POST", ("a", "1\u{0}")),
            ("POST", ("a", "\u{1b}[2J")),
        ] {
            let why = with(method, header);
            assert!(
                why.as_deref().is_some_and(crate::escape::is_terminal_safe),
                "{method:?} {header:?}: {why:?}"
            );
        }
    }
}
