//! The replies both the accept loop and the API build: a whole body, JSON, `{"error"}`.

use std::convert::Infallible;

use bytes::Bytes;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt as _, Full};
use hyper::Response;
use hyper::header::{self, HeaderValue};
use serde_json::json;

pub(super) type Body = BoxBody<Bytes, Infallible>;
pub(super) type Reply = Response<Body>;

/// A reply with a content type and a whole body.
pub(super) fn reply(status: u16, content_type: &'static str, body: impl Into<Bytes>) -> Reply {
    let mut resp = Response::new(Full::new(body.into()).boxed());
    *resp.status_mut() =
        hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    resp.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    resp
}

/// A JSON reply.
pub(super) fn json_reply(status: u16, value: &serde_json::Value) -> Reply {
    reply(
        status,
        "application/json",
        serde_json::to_vec(value).unwrap_or_default(),
    )
}

/// `{"error": message}` with `status`.
pub(super) fn error(status: u16, message: &str) -> Reply {
    json_reply(status, &json!({ "error": message }))
}
