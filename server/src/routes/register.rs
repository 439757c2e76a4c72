//! `POST /auth/register/start` and `/finish`: sign-up with a username and a first passkey.

use axum::Json;
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use crux_passkey_api::{
    CeremonyStarted, ErrorCode, RegisterStartRequest, Registered, RegistrationFinishRequest,
};
use uuid::Uuid;

use super::{NewPasskey, issue_session, new_passkey_row, passkey_json, passkey_name, user_json};
use crate::AppState;
use crate::ceremony::{self, Ceremony};
use crate::clock;
use crate::error::{ApiError, ApiResult};
use crate::extract::ApiJson;
use crate::store::{NewSession, UserRow};
use crate::validate;
use crate::webauthn::{aaguid, normalize};

pub async fn start(
    State(app): State<AppState>,
    ApiJson(request): ApiJson<RegisterStartRequest>,
) -> ApiResult<Json<CeremonyStarted>> {
    let username = validate::username(&request.username)?;
    let display_name = match request.display_name.as_deref().map(str::trim) {
        Some(name) if !name.is_empty() => validate::label(name, "display name")?,
        _ => username.clone(),
    };
    if app.store.user_by_username(&username).await?.is_some() {
        return Err(ApiError::new(
            ErrorCode::UsernameTaken,
            "that username is already taken",
        ));
    }
    let user_id = Uuid::new_v4();
    let (options, state) =
        app.verifier
            .start_registration(user_id, &username, &display_name, &[])?;
    let ceremony_id = ceremony::begin(
        &app,
        &Ceremony::Register {
            user_id: user_id.to_string(),
            username,
            display_name,
            state,
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
    headers: HeaderMap,
    ApiJson(request): ApiJson<RegistrationFinishRequest>,
) -> ApiResult<Response> {
    // Checked before the ceremony is consumed: a bad name or a malformed credential must not
    // cost the person a ceremony whose passkey the device has already made.
    let name = passkey_name(request.name.as_deref())?;
    let credential = normalize::registration(&request.credential)?;
    let Ceremony::Register {
        user_id,
        username,
        display_name,
        state,
    } = ceremony::take(&app, &request.ceremony_id, "register").await?
    else {
        return Err(ApiError::ceremony_not_found());
    };
    let verified = app.verifier.finish_registration(&credential, &state)?;
    let now = clock::now();
    let passkey = new_passkey_row(
        &NewPasskey {
            user_id: &user_id,
            credential: &verified,
            aaguid: aaguid::of(&credential),
            name: name.as_deref(),
            taken: &[],
        },
        now,
    )?;
    let user = UserRow {
        id: user_id,
        username,
        display_name,
    };
    let session = issue_session(&app, now, &headers);
    app.store
        .create_account(
            &user,
            &passkey,
            NewSession {
                token_hash: session.token_hash.clone(),
                expires_at: session.expires_at,
                passkey_id: passkey.id.clone(),
            },
            now,
        )
        .await?;
    tracing::info!(user = %user.username, passkey = %passkey.id, "signed up");
    let body = Registered {
        user: user_json(&user),
        passkey: passkey_json(&passkey),
        session: session.body,
        rp_id: Some(app.config.rp_id.clone()),
    };
    Ok((
        StatusCode::CREATED,
        [(SET_COOKIE, session.cookie)],
        Json(body),
    )
        .into_response())
}
