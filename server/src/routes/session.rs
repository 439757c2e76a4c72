//! `GET /auth/session`, `PATCH /auth/me`, `POST /auth/logout` and `/auth/logout-all`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Response};
use crux_passkey_api::{CurrentSession, UpdateMeRequest};

use super::user_json;
use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::extract::ApiJson;
use crate::session::{Authenticated, PresentedToken, clearing_cookie, hash_token};
use crate::validate;

pub async fn current(State(app): State<AppState>, auth: Authenticated) -> Json<CurrentSession> {
    Json(CurrentSession {
        user: user_json(&auth.user),
        rp_id: Some(app.config.rp_id.clone()),
    })
}

/// Changes the signed-in person's display name.
pub async fn update_me(
    State(app): State<AppState>,
    auth: Authenticated,
    ApiJson(request): ApiJson<UpdateMeRequest>,
) -> ApiResult<Json<CurrentSession>> {
    let display_name = validate::label(&request.display_name, "display name")?;
    let user = app
        .store
        .set_display_name(&auth.user.id, &display_name)
        .await?
        .ok_or_else(ApiError::unauthenticated)?;
    tracing::info!(user = %user.username, "display name changed");
    Ok(Json(CurrentSession {
        user: user_json(&user),
        rp_id: Some(app.config.rp_id.clone()),
    }))
}

/// Idempotent: ends the presented session if there is one and always clears the cookie, so
/// a client holding an expired token can still sign out cleanly.
pub async fn logout(
    State(app): State<AppState>,
    PresentedToken(token): PresentedToken,
) -> ApiResult<Response> {
    if let Some(token) = token {
        app.store.delete_session(&hash_token(&token)).await?;
    }
    Ok(signed_out(&app))
}

/// Ends every session of the account, this one included: what to do after losing a device.
pub async fn logout_all(State(app): State<AppState>, auth: Authenticated) -> ApiResult<Response> {
    let ended = app.store.delete_sessions_of(&auth.user.id).await?;
    tracing::info!(user = %auth.user.username, ended, "signed out everywhere");
    Ok(signed_out(&app))
}

fn signed_out(app: &AppState) -> Response {
    (
        StatusCode::NO_CONTENT,
        [(SET_COOKIE, clearing_cookie(app.config.cookie_secure()))],
    )
        .into_response()
}
