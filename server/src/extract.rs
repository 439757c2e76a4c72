//! Request bodies: JSON only, and every way a body can be wrong answers with the envelope
//! (`INVALID_REQUEST`, or `PAYLOAD_TOO_LARGE` past the body limit) instead of axum's text.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use crux_passkey_api::ErrorCode;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let json_content = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(|mime| {
                let mime = mime.trim().to_ascii_lowercase();
                mime == "application/json" || mime.ends_with("+json")
            });
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::new(ErrorCode::PayloadTooLarge, "the request body is too large")
            } else {
                let status = rejection.status();
                drop(rejection.into_response());
                ApiError::invalid_request(format!("could not read the request body ({status})"))
            }
        })?;
        if json_content != Some(true) {
            return Err(ApiError::invalid_request(
                "expected a JSON body with Content-Type: application/json",
            ));
        }
        serde_json::from_slice(&bytes)
            .map(ApiJson)
            .map_err(|err| ApiError::invalid_request(format!("invalid JSON body: {err}")))
    }
}

/// A body that must be `{}` (of type `T`), where an empty body is accepted too.
pub fn empty_object<T: DeserializeOwned>(body: &Bytes) -> Result<(), ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(());
    }
    serde_json::from_slice::<T>(body)
        .map(drop)
        .map_err(|e| ApiError::invalid_request(format!("invalid JSON body: {e}")))
}
