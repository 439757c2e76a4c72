//! `POST /auth/login/start` and `/finish`: with a username, or usernameless (discoverable).

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Response};
use crux_passkey_api::{
    CeremonyStarted, ErrorCode, LoggedIn, LoginFinishRequest, LoginStartRequest,
};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::assertion::{
    self, check_handle, handle_user, set_allow_credentials, unknown_credential,
};
use super::{issue_session, user_json};
use crate::AppState;
use crate::ceremony::{self, Ceremony, LoginTarget};
use crate::error::{ApiError, ApiResult};
use crate::extract::ApiJson;
use crate::store::{NewSession, concurrent_use};
use crate::validate;
use crate::webauthn::{normalize, options_challenge};

pub async fn start(
    State(app): State<AppState>,
    ApiJson(request): ApiJson<LoginStartRequest>,
) -> ApiResult<Json<CeremonyStarted>> {
    let wanted = request
        .username
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty());
    let (options, target, state) = match wanted {
        None => {
            let (options, state) = app.verifier.start_authentication(Vec::new())?;
            (options, LoginTarget::Discoverable, state)
        }
        Some(raw) => {
            // A malformed username is treated as an unknown one: no answer reveals anything.
            // The decoy of an unknown name is keyed by the name as compared, so every
            // spelling of it gets the same one.
            let (compared, candidates) = match validate::username(raw) {
                Ok(name) => {
                    let candidates = app.store.login_candidates(&name).await?;
                    (name, candidates)
                }
                Err(_) => (raw.to_lowercase(), None),
            };
            // `allowCredentials` is written here rather than by webauthn-rs, from the ids and
            // transports alone: its builder wants every parsed credential, and its state
            // would carry them all, while the finish reads the one stored credential anyway
            // (`authenticate_single_credential` ignores the state's list). Real and decoy
            // options are built the same way.
            let (mut options, state) = app.verifier.start_authentication(Vec::new())?;
            match candidates {
                Some(user) if !user.passkeys.is_empty() => {
                    set_allow_credentials(&mut options, &user.passkeys);
                    (
                        options,
                        LoginTarget::User {
                            user_id: user.user_id,
                        },
                        state,
                    )
                }
                _ => {
                    add_decoy_credential(&mut options, &app.decoy_secret, &compared);
                    (options, LoginTarget::Nobody, state)
                }
            }
        }
    };
    let challenge = normalize::b64(&options_challenge(&options)?);
    let ceremony_id = ceremony::begin(
        &app,
        &Ceremony::Login {
            target,
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

/// An unknown username gets an `allowCredentials` entry like a real one, stable per name so
/// asking twice gives the same answer.
fn add_decoy_credential(options: &mut Value, secret: &str, name: &str) {
    let mut hasher = Sha256::new();
    hasher.update(secret.as_bytes());
    hasher.update(b"\0decoy-credential\0");
    hasher.update(name.as_bytes());
    let id = normalize::b64(&hasher.finalize());
    let transports = vec!["hybrid".to_owned(), "internal".to_owned()];
    set_allow_credentials(options, &[(id, transports)]);
}

pub async fn finish(
    State(app): State<AppState>,
    headers: HeaderMap,
    ApiJson(request): ApiJson<LoginFinishRequest>,
) -> ApiResult<Response> {
    // Checked before the ceremony is consumed, so a malformed body costs no retry.
    let response = normalize::assertion(&request.credential)?;
    let Ceremony::Login {
        target,
        state,
        challenge,
    } = ceremony::take(&app, &request.ceremony_id, "login").await?
    else {
        return Err(ApiError::ceremony_not_found());
    };
    let owner = match target {
        LoginTarget::Nobody => return Err(unknown_credential()),
        LoginTarget::User { user_id } => {
            check_handle(&response, &user_id)?;
            user_id
        }
        LoginTarget::Discoverable => match handle_user(&response) {
            None => {
                return Err(ApiError::new(
                    ErrorCode::VerificationFailed,
                    "verification failed: a usernameless sign-in needs the user handle",
                ));
            }
            Some(Err(())) => return Err(unknown_credential()),
            Some(Ok(user_id)) => user_id,
        },
    };
    let verified = assertion::verify(&app, &response, &owner, &state, &challenge).await?;
    let session = issue_session(&app, verified.now, &headers);
    let recorded = app
        .store
        .record_login(
            verified.update(),
            &verified.user.id,
            NewSession {
                token_hash: session.token_hash.clone(),
                expires_at: session.expires_at,
                passkey_id: verified.passkey.id.clone(),
            },
        )
        .await?;
    if !recorded {
        return Err(concurrent_use());
    }
    tracing::info!(user = %verified.user.username, passkey = %verified.passkey.id, "signed in");
    let body = LoggedIn {
        user: user_json(&verified.user),
        session: session.body,
        rp_id: Some(app.config.rp_id.clone()),
    };
    Ok(([(SET_COOKIE, session.cookie)], Json(body)).into_response())
}
