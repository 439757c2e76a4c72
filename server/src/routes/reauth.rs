//! `POST /auth/reauth/start` and `/finish`: the signed-in person proves presence again with
//! one of their own passkeys, which adding or deleting a passkey needs within the window.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use crux_passkey_api::{CeremonyStarted, CurrentSession, ReauthFinishRequest, ReauthStartRequest};

use super::assertion::{self, check_handle, set_allow_credentials};
use super::user_json;
use crate::AppState;
use crate::ceremony::{self, Ceremony};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, empty_object};
use crate::session::Authenticated;
use crate::webauthn::{normalize, options_challenge};

/// The body is `{}`; an empty body is accepted too.
pub async fn start(
    State(app): State<AppState>,
    auth: Authenticated,
    body: Bytes,
) -> ApiResult<Json<CeremonyStarted>> {
    empty_object::<ReauthStartRequest>(&body)?;
    let passkeys: Vec<(String, Vec<String>)> = app
        .store
        .passkeys_of(&auth.user.id)
        .await?
        .into_iter()
        .map(|p| (p.id, p.transports))
        .collect();
    let (mut options, state) = app.verifier.start_authentication(Vec::new())?;
    set_allow_credentials(&mut options, &passkeys);
    let challenge = normalize::b64(&options_challenge(&options)?);
    let ceremony_id = ceremony::begin(
        &app,
        &Ceremony::Reauth {
            user_id: auth.user.id.clone(),
            token_hash: auth.token_hash.clone(),
            state,
            challenge,
        },
    )
    .await?;
    Ok(Json(CeremonyStarted {
        ceremony_id,
        options,
    }))
}

pub async fn finish(
    State(app): State<AppState>,
    auth: Authenticated,
    ApiJson(request): ApiJson<ReauthFinishRequest>,
) -> ApiResult<Json<CurrentSession>> {
    let response = normalize::assertion(&request.credential)?;
    let Ceremony::Reauth {
        user_id,
        token_hash,
        state,
        challenge,
    } = ceremony::take(&app, &request.ceremony_id, "reauth").await?
    else {
        return Err(ApiError::ceremony_not_found());
    };
    // Only the session that started it may finish it.
    if user_id != auth.user.id || token_hash != auth.token_hash {
        return Err(ApiError::ceremony_not_found());
    }
    check_handle(&response, &user_id)?;
    let verified = assertion::verify(&app, &response, &user_id, &state, &challenge).await?;
    app.store
        .record_reauth(verified.update(), &user_id, &auth.token_hash)
        .await?;
    tracing::info!(user = %auth.user.username, passkey = %verified.passkey.id, "re-authenticated");
    Ok(Json(CurrentSession {
        user: user_json(&verified.user),
        rp_id: Some(app.config.rp_id.clone()),
    }))
}
