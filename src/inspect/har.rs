//! Kept deliveries as an HTTP Archive (HAR 1.2, the format browsers' network panels read and
//! write: <http://www.softwareishard.com/blog/har-12-spec/>), each with the answer acwh
//! actually gave. Pure: no I/O.
//!
//! Where HAR has no field for something acwh knows, it goes under the entry's custom `_acwh`
//! object (custom fields start with `_`, and readers ignore them).

use std::borrow::Cow;

use base64::Engine as _;
use serde::Serialize;
use serde_json::Value;

use crate::listen::{Answer, Body, Capture, Forwarded, Seen};

/// One delivery to export.
pub(crate) struct Entry<'a> {
    pub(crate) capture: &'a Capture,
    pub(crate) seen: Seen,
    /// How it was answered; None for a saved line without an answer.
    pub(crate) answer: Option<&'a Answer>,
}

/// The HAR document for `entries`, oldest first. `base` is where the catcher listens
/// (`http://127.0.0.1:8080`): each request's URL is `base` then its target as sent.
pub(crate) fn har(entries: &[Entry<'_>], base: &str) -> Value {
    let mut sorted: Vec<&Entry<'_>> = entries.iter().collect();
    sorted.sort_by_key(|e| e.seen.seq);
    let base = base.trim_end_matches('/');
    let doc = Har {
        log: Log {
            version: "1.2",
            creator: Creator {
                name: "acwh",
                version: env!("CARGO_PKG_VERSION"),
            },
            entries: sorted.into_iter().map(|e| entry(e, base)).collect(),
        },
    };
    // Every map key here is a string, so this cannot fail.
    serde_json::to_value(doc).unwrap_or(Value::Null)
}

/// The reply's content type when acwh wrote the answer itself (`httpd::text`).
const TEXT_PLAIN: &str = "text/plain; charset=utf-8";

/// The HTTP version acwh speaks (hyper's `http1` only).
const HTTP_1_1: &str = "HTTP/1.1";

#[derive(Serialize)]
struct Har<'a> {
    log: Log<'a>,
}

#[derive(Serialize)]
struct Log<'a> {
    version: &'static str,
    creator: Creator,
    entries: Vec<HarEntry<'a>>,
}

#[derive(Serialize)]
struct Creator {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct HarEntry<'a> {
    started_date_time: String,
    time: f64,
    request: Request<'a>,
    response: Response<'a>,
    cache: Empty,
    timings: Timings,
    #[serde(rename = "_acwh")]
    acwh: Custom<'a>,
}

#[derive(Serialize)]
struct Empty {}

#[derive(Serialize)]
struct NameValue<'a> {
    name: Cow<'a, str>,
    value: Cow<'a, str>,
}

impl<'a> NameValue<'a> {
    fn new(name: impl Into<Cow<'a, str>>, value: impl Into<Cow<'a, str>>) -> Self {
        NameValue {
            name: name.into(),
            value: value.into(),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Request<'a> {
    method: &'a str,
    url: String,
    http_version: &'static str,
    cookies: [NameValue<'static>; 0],
    headers: Vec<NameValue<'a>>,
    query_string: Vec<NameValue<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    post_data: Option<PostData<'a>>,
    headers_size: i64,
    body_size: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PostData<'a> {
    mime_type: &'a str,
    text: Cow<'a, str>,
    /// HAR 1.3's `postData.encoding`, which readers of 1.2 files widely accept: the only way
    /// to carry a body that is not UTF-8 byte for byte.
    #[serde(skip_serializing_if = "Option::is_none")]
    encoding: Option<&'static str>,
    /// HAR 1.2 calls `text` and `params` exclusive, but browsers' own exports carry both for
    /// a form, and readers expect `text` to replay it byte for byte.
    #[serde(skip_serializing_if = "Option::is_none")]
    params: Option<Vec<Param<'a>>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Param<'a> {
    name: Cow<'a, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    file_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    content_type: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Response<'a> {
    status: u16,
    status_text: &'static str,
    http_version: &'static str,
    cookies: [NameValue<'static>; 0],
    headers: Vec<NameValue<'static>>,
    content: Content<'a>,
    #[serde(rename = "redirectURL")]
    redirect_url: &'static str,
    headers_size: i64,
    body_size: i64,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Content<'a> {
    size: usize,
    mime_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    comment: Option<&'static str>,
}

#[derive(Serialize)]
struct Timings {
    send: f64,
    wait: f64,
    receive: f64,
}

#[derive(Serialize)]
struct Custom<'a> {
    seq: u64,
    duplicate_of: Option<u64>,
    event: Option<&'a str>,
    remote_addr: String,
    answered: bool,
    unrouted: bool,
    forward: Option<Forward<'a>>,
}

#[derive(Serialize)]
struct Forward<'a> {
    url: &'a str,
    status: Option<u16>,
    error: Option<&'a str>,
    ms: f64,
}

fn entry<'a>(e: &Entry<'a>, base: &str) -> HarEntry<'a> {
    let cap = e.capture;
    let ms = e.answer.map_or(0.0, |a| a.ms);
    HarEntry {
        started_date_time: cap
            .received_at
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, false),
        time: ms,
        request: request(cap, base),
        response: e.answer.map_or_else(no_response, response),
        cache: Empty {},
        timings: Timings {
            send: 0.0,
            wait: ms,
            receive: 0.0,
        },
        acwh: Custom {
            seq: e.seen.seq,
            duplicate_of: e.seen.duplicate_of,
            event: cap.kind(),
            remote_addr: cap.remote.to_string(),
            answered: e.answer.is_some(),
            unrouted: e.answer.is_some_and(|a| a.unrouted),
            forward: e.answer.and_then(|a| a.forward.as_ref()).map(|f| Forward {
                url: &f.url,
                status: f.status,
                error: f.error.as_deref(),
                ms: f.ms,
            }),
        },
    }
}

fn request<'a>(cap: &'a Capture, base: &str) -> Request<'a> {
    Request {
        method: &cap.method,
        url: format!("{base}{}", cap.target()),
        http_version: HTTP_1_1,
        cookies: [],
        headers: cap
            .headers
            .iter()
            .map(|(k, v)| NameValue::new(k.as_str(), v.as_str()))
            .collect(),
        query_string: form_urlencoded::parse(cap.query.as_bytes())
            .map(|(k, v)| NameValue::new(k, v))
            .collect(),
        post_data: (!cap.raw.is_empty()).then(|| post_data(cap)),
        headers_size: -1,
        body_size: cap.raw.len(),
    }
}

fn post_data(cap: &Capture) -> PostData<'_> {
    let (text, encoding) = match std::str::from_utf8(&cap.raw) {
        Ok(text) => (Cow::Borrowed(text), None),
        Err(_) => (
            Cow::Owned(base64::engine::general_purpose::STANDARD.encode(&cap.raw)),
            Some("base64"),
        ),
    };
    let params = match &cap.body {
        // From the bytes, not the kept pairs: those may be cut short for the terminal.
        Body::Form { .. } => Some(
            crate::form::decode(&cap.raw)
                .pairs
                .into_iter()
                .map(|(k, v)| Param {
                    name: Cow::Owned(k),
                    value: Some(Cow::Owned(v)),
                    file_name: None,
                    content_type: None,
                })
                .collect(),
        ),
        Body::Multipart(parts) => Some(
            parts
                .iter()
                .map(|p| Param {
                    name: Cow::Borrowed(p.name.as_deref().unwrap_or("")),
                    value: p.text.as_deref().map(Cow::Borrowed),
                    file_name: p.filename.as_deref(),
                    content_type: p.content_type.as_deref(),
                })
                .collect(),
        ),
        _ => None,
    };
    PostData {
        mime_type: cap.content_type.as_deref().unwrap_or(""),
        text,
        encoding,
        params,
    }
}

/// The answer acwh gave, as `listen::server::Catcher::answer` wrote it (keep in sync):
/// `--status` wins; else the app's answer when forwarded; else 502 when the app could not be
/// reached; else 200 `ok`.
fn response(a: &Answer) -> Response<'_> {
    let own = |text: Cow<'static, str>| Response {
        body_size: i64::try_from(text.len()).unwrap_or(-1),
        status: a.status,
        status_text: crate::listen::render::reason(a.status),
        http_version: HTTP_1_1,
        cookies: [],
        headers: vec![NameValue::new("Content-Type", TEXT_PLAIN)],
        content: Content {
            size: text.len(),
            mime_type: TEXT_PLAIN,
            comment: None,
            text: Some(text),
        },
        redirect_url: "",
        headers_size: -1,
    };
    match &a.forward {
        Some(f) if f.status == Some(a.status) => app_response(a, f),
        Some(f) if f.status.is_none() && a.status == 502 => own(Cow::Borrowed(
            "acwh listen could not reach the app (--forward-to)\n",
        )),
        None if a.status == 200 => own(Cow::Borrowed("ok\n")),
        _ => own(Cow::Owned(format!(
            "acwh listen answers {} (--status)\n",
            a.status
        ))),
    }
}

/// The app's own answer, passed back: acwh keeps only the start of its body, as text, and
/// not its headers, so the sizes are unknown.
fn app_response<'a>(a: &Answer, f: &'a Forwarded) -> Response<'a> {
    Response {
        status: a.status,
        status_text: crate::listen::render::reason(a.status),
        http_version: HTTP_1_1,
        cookies: [],
        headers: Vec::new(),
        content: Content {
            size: f.body_head.len(),
            mime_type: "",
            text: Some(Cow::Borrowed(&f.body_head)),
            comment: Some("the start of the app's answer (at most 2 KiB), as text"),
        },
        redirect_url: "",
        headers_size: -1,
        body_size: -1,
    }
}

/// HAR's "no response" (status 0), for a saved line without an answer.
fn no_response<'a>() -> Response<'a> {
    Response {
        status: 0,
        status_text: "",
        http_version: "",
        cookies: [],
        headers: Vec::new(),
        content: Content {
            size: 0,
            mime_type: "x-unknown",
            text: None,
            comment: None,
        },
        redirect_url: "",
        headers_size: -1,
        body_size: -1,
    }
}

#[cfg(test)]
mod tests {
    use crate::inspect::test_capture as capture;
    use serde_json::json;

    use super::*;

    const FORM: &str = "application/x-www-form-urlencoded";

    fn seen(seq: u64) -> Seen {
        Seen {
            seq,
            duplicate_of: None,
        }
    }

    fn answer(status: u16, forward: Option<Forwarded>) -> Answer {
        Answer {
            status,
            forward,
            ms: 1.25,
            unrouted: false,
        }
    }

    fn one(cap: &Capture, answer: Option<&Answer>) -> Value {
        let doc = har(
            &[Entry {
                capture: cap,
                seen: seen(1),
                answer,
            }],
            "http://127.0.0.1:8080/",
        );
        check_shape(&doc);
        doc["log"]["entries"][0].clone()
    }

    /// Every field HAR 1.2 requires, with its type; and `time` is the sum of the timings.
    fn check_shape(doc: &Value) {
        let s = |v: &Value, k: &str| assert!(v[k].is_string(), "{k} in {v}");
        let n = |v: &Value, k: &str| assert!(v[k].is_number(), "{k} in {v}");
        let a = |v: &Value, k: &str| assert!(v[k].is_array(), "{k} in {v}");
        let o = |v: &Value, k: &str| assert!(v[k].is_object(), "{k} in {v}");
        let pairs = |v: &Value, k: &str| {
            a(v, k);
            for p in v[k].as_array().unwrap() {
                s(p, "name");
                s(p, "value");
            }
        };
        let log = &doc["log"];
        assert_eq!(log["version"], "1.2");
        s(&log["creator"], "name");
        s(&log["creator"], "version");
        a(log, "entries");
        for e in log["entries"].as_array().unwrap() {
            s(e, "startedDateTime");
            chrono::DateTime::parse_from_rfc3339(e["startedDateTime"].as_str().unwrap()).unwrap();
            n(e, "time");
            o(e, "cache");
            let req = &e["request"];
            s(req, "method");
            s(req, "url");
            s(req, "httpVersion");
            a(req, "cookies");
            pairs(req, "headers");
            pairs(req, "queryString");
            n(req, "headersSize");
            n(req, "bodySize");
            if let Some(post) = req.get("postData") {
                s(post, "mimeType");
                assert!(post["text"].is_string() || post["params"].is_array());
                if let Some(params) = post.get("params") {
                    for p in params.as_array().unwrap() {
                        s(p, "name");
                    }
                }
            }
            let resp = &e["response"];
            n(resp, "status");
            s(resp, "statusText");
            s(resp, "httpVersion");
            a(resp, "cookies");
            pairs(resp, "headers");
            s(resp, "redirectURL");
            n(resp, "headersSize");
            n(resp, "bodySize");
            n(&resp["content"], "size");
            s(&resp["content"], "mimeType");
            let t = &e["timings"];
            for k in ["send", "wait", "receive"] {
                n(t, k);
                assert!(t[k].as_f64().unwrap() >= 0.0);
            }
            let sum: f64 = ["send", "wait", "receive"]
                .iter()
                .map(|k| t[k].as_f64().unwrap())
                .sum();
            assert_eq!(e["time"].as_f64().unwrap(), sum);
            o(e, "_acwh");
        }
    }

    #[test]
    fn the_log_and_a_form_delivery() {
        let body = "type=subscribe&contact%5Bemail%5D=jane%40example.com&x=1&x=2&empty";
        let cap = capture(
            Some(FORM),
            body.as_bytes(),
            "/hooks/ac?src=a%20b&token=REDACTED",
        );
        let doc = har(
            &[Entry {
                capture: &cap,
                seen: seen(7),
                answer: Some(&answer(200, None)),
            }],
            "http://127.0.0.1:8080",
        );
        check_shape(&doc);
        assert_eq!(
            doc["log"]["creator"],
            json!({"name": "acwh", "version": env!("CARGO_PKG_VERSION")})
        );
        let e = &doc["log"]["entries"][0];
        let started = e["startedDateTime"].as_str().unwrap();
        let instant = chrono::DateTime::parse_from_rfc3339(started).unwrap();
        assert_eq!(
            instant.timestamp_millis(),
            cap.received_at.timestamp_millis()
        );
        assert!(started.contains(":00.123"), "{started}");
        let req = &e["request"];
        assert_eq!(req["method"], "POST");
        assert_eq!(
            req["url"],
            "http://127.0.0.1:8080/hooks/ac?src=a%20b&token=REDACTED"
        );
        assert_eq!(req["httpVersion"], "HTTP/1.1");
        assert_eq!(req["cookies"], json!([]));
        assert_eq!(
            req["headers"],
            json!([
                {"name": "Host", "value": "127.0.0.1:8080"},
                {"name": "Content-Type", "value": FORM},
            ])
        );
        assert_eq!(
            req["queryString"],
            json!([{"name": "src", "value": "a b"}, {"name": "token", "value": "REDACTED"}])
        );
        assert_eq!(req["headersSize"], -1);
        assert_eq!(req["bodySize"], body.len());
        assert_eq!(
            req["postData"],
            json!({
                "mimeType": FORM,
                "text": body,
                "params": [
                    {"name": "type", "value": "subscribe"},
                    {"name": "contact[email]", "value": "jane@example.com"},
                    {"name": "x", "value": "1"},
                    {"name": "x", "value": "2"},
                    {"name": "empty", "value": ""},
                ],
            })
        );
        assert_eq!(
            e["response"],
            json!({
                "status": 200,
                "statusText": "OK",
                "httpVersion": "HTTP/1.1",
                "cookies": [],
                "headers": [{"name": "Content-Type", "value": "text/plain; charset=utf-8"}],
                "content": {"size": 3, "mimeType": "text/plain; charset=utf-8", "text": "ok\n"},
                "redirectURL": "",
                "headersSize": -1,
                "bodySize": 3,
            })
        );
        assert_eq!(e["time"], 1.25);
        assert_eq!(
            e["timings"],
            json!({"send": 0.0, "wait": 1.25, "receive": 0.0})
        );
        assert_eq!(
            e["_acwh"],
            json!({
                "seq": 7,
                "duplicate_of": null,
                "event": "subscribe",
                "remote_addr": "127.0.0.1:5555",
                "answered": true,
                "unrouted": false,
                "forward": null,
            })
        );
    }

    #[test]
    fn a_binary_body_is_base64() {
        let raw = [0xff, 0x00, b'a', 0x80];
        let cap = capture(Some("application/octet-stream"), &raw, "/");
        let post = &one(&cap, None)["request"]["postData"];
        assert_eq!(post["encoding"], "base64");
        assert_eq!(post["mimeType"], "application/octet-stream");
        assert!(post.get("params").is_none());
        let back = base64::engine::general_purpose::STANDARD
            .decode(post["text"].as_str().unwrap())
            .unwrap();
        assert_eq!(back, raw);
        // Text bodies are text, without an encoding; no body, no postData; no content type, "".
        let post =
            &one(&capture(None, "{\"a\":\"é\"}".as_bytes(), "/"), None)["request"]["postData"];
        assert_eq!(post["text"], "{\"a\":\"é\"}");
        assert_eq!(post["mimeType"], "");
        assert!(post.get("encoding").is_none());
        let e = one(&capture(None, b"", "/"), None);
        assert!(e["request"].get("postData").is_none());
        assert_eq!(e["request"]["bodySize"], 0);
    }

    #[test]
    fn multipart_parts_are_params() {
        let body = b"--XX\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nhello\r\n--XX\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n\x00\x01\r\n--XX--\r\n";
        let cap = capture(Some("multipart/form-data; boundary=XX"), body, "/");
        let post = &one(&cap, None)["request"]["postData"];
        assert_eq!(
            post["params"],
            json!([
                {"name": "a", "value": "hello"},
                {"name": "f", "fileName": "x.bin", "contentType": "application/octet-stream"},
            ])
        );
    }

    #[test]
    fn the_answer_actually_given() {
        let cap = capture(Some(FORM), b"type=subscribe", "/");
        let app = Forwarded {
            url: "http://127.0.0.1:3000/".into(),
            status: Some(201),
            error: None,
            ms: 0.5,
            body_head: "{\"created\":true}".into(),
        };
        let e = one(&cap, Some(&answer(201, Some(app.clone()))));
        let resp = &e["response"];
        assert_eq!(resp["status"], 201);
        assert_eq!(resp["statusText"], "Created");
        assert_eq!(resp["content"]["text"], "{\"created\":true}");
        assert_eq!(resp["content"]["size"], 16);
        assert_eq!(resp["headers"], json!([]));
        assert_eq!(resp["bodySize"], -1);
        assert_eq!(
            e["_acwh"]["forward"],
            json!({"url": "http://127.0.0.1:3000/", "status": 201, "error": null, "ms": 0.5})
        );

        let down = Forwarded {
            status: None,
            error: Some("connection refused".into()),
            body_head: String::new(),
            ..app.clone()
        };
        let e = one(&cap, Some(&answer(502, Some(down))));
        assert_eq!(e["response"]["status"], 502);
        assert_eq!(e["response"]["statusText"], "Bad Gateway");
        assert_eq!(
            e["response"]["content"]["text"],
            "acwh listen could not reach the app (--forward-to)\n"
        );
        assert_eq!(e["_acwh"]["forward"]["error"], "connection refused");
        assert_eq!(e["_acwh"]["forward"]["status"], Value::Null);

        // --status wins over the app's own answer, and over a plain catch.
        let e = one(&cap, Some(&answer(503, Some(app))));
        assert_eq!(e["response"]["status"], 503);
        let text = "acwh listen answers 503 (--status)\n";
        assert_eq!(e["response"]["content"]["text"], text);
        assert_eq!(e["response"]["bodySize"], text.len());
        let e = one(&cap, Some(&answer(299, None)));
        assert_eq!(
            e["response"]["content"]["text"],
            "acwh listen answers 299 (--status)\n"
        );
        assert_eq!(e["response"]["statusText"], "");

        let mut unrouted = answer(200, None);
        unrouted.unrouted = true;
        let e = one(&cap, Some(&unrouted));
        assert_eq!(e["response"]["content"]["text"], "ok\n");
        assert_eq!(e["_acwh"]["unrouted"], true);
    }

    #[test]
    fn no_answer_is_status_0() {
        let cap = capture(Some(FORM), b"type=subscribe", "/");
        let e = one(&cap, None);
        assert_eq!(e["response"]["status"], 0);
        assert_eq!(e["response"]["content"]["size"], 0);
        assert_eq!(e["time"], 0.0);
        assert_eq!(e["_acwh"]["answered"], false);
        assert_eq!(e["_acwh"]["forward"], Value::Null);
    }

    #[test]
    fn oldest_first() {
        let caps: Vec<Capture> = (0..3)
            .map(|i| capture(Some(FORM), format!("n={i}").as_bytes(), "/"))
            .collect();
        let ok = answer(200, None);
        let entries: Vec<Entry<'_>> = [3u64, 1, 2]
            .iter()
            .zip(&caps)
            .map(|(&seq, cap)| Entry {
                capture: cap,
                seen: Seen {
                    seq,
                    duplicate_of: (seq == 3).then_some(1),
                },
                answer: Some(&ok),
            })
            .collect();
        let doc = har(&entries, "http://127.0.0.1:8080");
        check_shape(&doc);
        let got: Vec<(u64, Value, Value)> = doc["log"]["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["_acwh"]["seq"].as_u64().unwrap(),
                    e["request"]["postData"]["text"].clone(),
                    e["_acwh"]["duplicate_of"].clone(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (1, json!("n=1"), Value::Null),
                (2, json!("n=2"), Value::Null),
                (3, json!("n=0"), json!(1)),
            ]
        );
        assert_eq!(har(&[], "http://x")["log"]["entries"], json!([]));
    }

    #[test]
    fn hostile_text_is_kept_verbatim() {
        let evil = "</script><img src=x onerror=alert(1)>\"\\\u{0}\u{1b}[2J\u{202e}\n";
        let mut cap = capture(Some(evil), evil.as_bytes(), "/<x>?q=%22%3E");
        cap.headers.push((evil.into(), evil.into()));
        cap.method = evil.into();
        let doc = har(
            &[Entry {
                capture: &cap,
                seen: seen(1),
                answer: None,
            }],
            "http://127.0.0.1:8080",
        );
        let text = serde_json::to_string(&doc).unwrap();
        let back: Value = serde_json::from_str(&text).unwrap();
        let req = &back["log"]["entries"][0]["request"];
        assert_eq!(req["method"], evil);
        assert_eq!(req["headers"][2], json!({"name": evil, "value": evil}));
        assert_eq!(req["postData"]["text"], evil);
        assert_eq!(req["postData"]["mimeType"], evil);
        assert_eq!(req["url"], "http://127.0.0.1:8080/<x>?q=%22%3E");
        assert_eq!(req["queryString"][0]["value"], "\">");
    }
}
