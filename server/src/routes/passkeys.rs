//! The signed-in user's passkeys: list, rename, delete, add another.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use crux_passkey_api::{
    AddPasskeyStartRequest, CeremonyStarted, Passkey, RegistrationFinishRequest,
    RenamePasskeyRequest,
};
use uuid::Uuid;

use super::{NewPasskey, new_passkey_row, passkey_json, passkey_name};
use crate::AppState;
use crate::ceremony::{self, Ceremony};
use crate::clock;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, empty_object};
use crate::session::Authenticated;
use crate::store::too_many_passkeys;
use crate::validate;
use crate::webauthn::{aaguid, normalize};

pub async fn list(
    State(app): State<AppState>,
    auth: Authenticated,
) -> ApiResult<Json<Vec<Passkey>>> {
    let rows = app.store.passkeys_of(&auth.user.id).await?;
    Ok(Json(rows.iter().map(passkey_json).collect()))
}

pub async fn rename(
    State(app): State<AppState>,
    auth: Authenticated,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<RenamePasskeyRequest>,
) -> ApiResult<Json<Passkey>> {
    let name = validate::label(&request.name, "passkey name")?;
    let id = canonical_id(&id)?;
    let row = app
        .store
        .rename_passkey(&auth.user.id, &id, &name)
        .await?
        .ok_or_else(|| ApiError::not_found("passkey"))?;
    Ok(Json(passkey_json(&row)))
}

pub async fn delete(
    State(app): State<AppState>,
    auth: Authenticated,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    auth.require_recent(&app)?;
    let id = canonical_id(&id)?;
    app.store.delete_passkey(&auth.user.id, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The body is `{}`; an empty body is accepted too.
pub async fn add_start(
    State(app): State<AppState>,
    auth: Authenticated,
    body: Bytes,
) -> ApiResult<Json<CeremonyStarted>> {
    empty_object::<AddPasskeyStartRequest>(&body)?;
    auth.require_recent(&app)?;
    let user = &auth.user;
    let user_id = Uuid::parse_str(&user.id).map_err(ApiError::internal)?;
    let existing = app.store.passkeys_of(&user.id).await?;
    let max = app.config.max_passkeys;
    if existing.len() >= usize::try_from(max).unwrap_or(usize::MAX) {
        return Err(too_many_passkeys(max));
    }
    let exclude: Vec<Vec<u8>> = existing
        .iter()
        .filter_map(|p| normalize::decode_b64(&p.id))
        .collect();
    let (options, state) =
        app.verifier
            .start_registration(user_id, &user.username, &user.display_name, &exclude)?;
    let ceremony_id = ceremony::begin(
        &app,
        &Ceremony::AddPasskey {
            user_id: user.id.clone(),
            state,
        },
    )
    .await?;
    Ok(Json(CeremonyStarted {
        ceremony_id,
        options,
    }))
}

pub async fn add_finish(
    State(app): State<AppState>,
    auth: Authenticated,
    ApiJson(request): ApiJson<RegistrationFinishRequest>,
) -> ApiResult<Response> {
    // Checked before the ceremony is consumed (see register::finish).
    let name = passkey_name(request.name.as_deref())?;
    let credential = normalize::registration(&request.credential)?;
    let Ceremony::AddPasskey { user_id, state } =
        ceremony::take(&app, &request.ceremony_id, "add_passkey").await?
    else {
        return Err(ApiError::ceremony_not_found());
    };
    // A ceremony started by someone else is not this user's to finish.
    if user_id != auth.user.id {
        return Err(ApiError::ceremony_not_found());
    }
    let verified = app.verifier.finish_registration(&credential, &state)?;
    let taken = app.store.passkeys_of(&user_id).await?;
    let row = new_passkey_row(
        &NewPasskey {
            user_id: &user_id,
            credential: &verified,
            aaguid: aaguid::of(&credential),
            name: name.as_deref(),
            taken: &taken,
        },
        clock::now(),
    )?;
    app.store.add_passkey(&row, app.config.max_passkeys).await?;
    tracing::info!(user = %auth.user.username, passkey = %row.id, "passkey added");
    Ok((StatusCode::CREATED, Json(passkey_json(&row))).into_response())
}

/// Ids are compared in their canonical base64url form; one that does not decode names nothing.
fn canonical_id(id: &str) -> ApiResult<String> {
    normalize::decode_b64(id)
        .filter(|bytes| !bytes.is_empty())
        .map(|bytes| normalize::b64(&bytes))
        .ok_or_else(|| ApiError::not_found("passkey"))
}
