//! `GET /auth/session` and `POST /auth/logout`.

use axum::Json;
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use crux_passkey_api::CurrentSession;

use super::user_json;
use crate::AppState;
use crate::error::ApiResult;
use crate::session::{Authenticated, clearing_cookie, hash_token, presented_token};

pub async fn current(auth: Authenticated) -> Json<CurrentSession> {
    Json(CurrentSession {
        user: user_json(&auth.user),
    })
}

/// Idempotent: ends the presented session if there is one and always clears the cookie, so
/// a client holding an expired token can still sign out cleanly.
pub async fn logout(State(app): State<AppState>, headers: HeaderMap) -> ApiResult<Response> {
    if let Some(token) = presented_token(&headers) {
        app.store.delete_session(&hash_token(&token)).await?;
    }
    Ok((
        StatusCode::NO_CONTENT,
        [(SET_COOKIE, clearing_cookie(app.config.cookie_secure()))],
    )
        .into_response())
}
