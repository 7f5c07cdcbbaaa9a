//! `/api/3/users/me`: whose key this is. Never prints.

use serde_json::Value;

use super::{ApiError, Client};

/// The user the key belongs to, as AC's object.
pub(crate) async fn me(client: &Client) -> Result<Value, ApiError> {
    let mut body = client.get("users/me", &[]).await?;
    match body.get_mut("user").map(Value::take) {
        Some(u @ Value::Object(_)) => Ok(u),
        _ => Err(ApiError::Decode("the answer has no 'user' object".into())),
    }
}
