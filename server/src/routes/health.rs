//! `GET /healthz` (the process answers) and `GET /readyz` (the database answers and is
//! migrated): for load balancers and orchestrators, so neither is rate-limited nor signed in.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use crux_passkey_api::{ErrorCode, ErrorEnvelope};
use serde_json::json;

use crate::AppState;

pub async fn healthz() -> Json<serde_json::Value> {
    Json(json!({"status": "up"}))
}

pub async fn readyz(State(app): State<AppState>) -> Response {
    match app.store.ready().await {
        Ok(()) => Json(json!({"status": "ready"})).into_response(),
        Err(reason) => {
            tracing::warn!(%reason, "not ready");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(ErrorEnvelope::new(
                    ErrorCode::Internal,
                    "not ready: the database is unreachable or not migrated",
                )),
            )
                .into_response()
        }
    }
}
