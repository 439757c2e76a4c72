//! `POST /auth/login/start` and `/finish`: with a username, or usernameless (discoverable).

use axum::Json;
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use crux_passkey_api::{
    CeremonyStarted, ErrorCode, LoggedIn, LoginFinishRequest, LoginStartRequest,
};
use uuid::Uuid;
use webauthn_rs_core::proto::Credential;

use super::{issue_session, user_json};
use crate::AppState;
use crate::ceremony::{self, Ceremony, LoginTarget};
use crate::clock;
use crate::error::{ApiError, ApiResult};
use crate::extract::ApiJson;
use crate::store::{LoginUpdate, NewSession};
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
            let candidates = match validate::username(raw) {
                Ok(name) => app.store.login_candidates(&name).await?,
                Err(_) => None,
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
                    add_decoy_credential(&mut options, &app.decoy_secret, raw);
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

/// `allowCredentials` naming the user's passkeys; transports only where known.
fn set_allow_credentials(options: &mut Value, passkeys: &[(String, Vec<String>)]) {
    let list = passkeys
        .iter()
        .map(|(id, transports)| {
            let mut entry = json!({"type": "public-key", "id": id});
            if !transports.is_empty()
                && let Some(obj) = entry.as_object_mut()
            {
                obj.insert("transports".to_owned(), json!(transports));
            }
            entry
        })
        .collect();
    if let Some(obj) = options.as_object_mut() {
        obj.insert("allowCredentials".to_owned(), Value::Array(list));
    }
}

/// An unknown username gets an `allowCredentials` entry like a real one, stable per name so
/// asking twice gives the same answer.
fn add_decoy_credential(options: &mut Value, secret: &str, username: &str) {
    let mut hasher = Sha256::new();
    hasher.update(secret.as_bytes());
    hasher.update(b"\0decoy-credential\0");
    hasher.update(username.trim().to_lowercase().as_bytes());
    let id = normalize::b64(&hasher.finalize());
    let transports = vec!["hybrid".to_owned(), "internal".to_owned()];
    set_allow_credentials(options, &[(id, transports)]);
}

pub async fn finish(
    State(app): State<AppState>,
    ApiJson(request): ApiJson<LoginFinishRequest>,
) -> ApiResult<Response> {
    let Ceremony::Login {
        target,
        state,
        challenge,
    } = ceremony::take(&app, &request.ceremony_id, "login").await?
    else {
        return Err(ApiError::ceremony_not_found());
    };
    let response = normalize::assertion(&request.credential)?;
    let passkey_id = normalize::b64(&response.raw_id);
    let handle_user = response
        .get_user_unique_id()
        .map(|handle| Uuid::from_slice(handle).map(|u| u.to_string()));

    let owner = match target {
        LoginTarget::Nobody => return Err(unknown_credential()),
        LoginTarget::User { user_id } => {
            if let Some(handle) = handle_user
                && handle.ok().as_deref() != Some(user_id.as_str())
            {
                return Err(ApiError::new(
                    ErrorCode::VerificationFailed,
                    "verification failed: the user handle names another user",
                ));
            }
            user_id
        }
        LoginTarget::Discoverable => match handle_user {
            None => {
                return Err(ApiError::new(
                    ErrorCode::VerificationFailed,
                    "verification failed: a usernameless sign-in needs the user handle",
                ));
            }
            Some(Err(_)) => return Err(unknown_credential()),
            Some(Ok(user_id)) => user_id,
        },
    };
    // The credential must exist and belong to the user the ceremony (or handle) names.
    let (passkey, user) = app
        .store
        .passkey_with_owner(&passkey_id)
        .await?
        .filter(|(p, _)| p.user_id == owner)
        .ok_or_else(unknown_credential)?;
    let mut credential: Credential =
        serde_json::from_str(&passkey.credential).map_err(ApiError::internal)?;
    let challenge = normalize::decode_b64(&challenge)
        .ok_or_else(|| ApiError::internal("stored challenge is not base64url"))?;
    let assertion =
        app.verifier
            .finish_authentication(&response, &state, &challenge, &credential)?;

    if assertion.counter > credential.counter {
        credential.counter = assertion.counter;
    }
    credential.backup_state = assertion.backup_state;
    let now = clock::now();
    let session = issue_session(&app, now);
    let stored = serde_json::to_string(&credential).map_err(ApiError::internal)?;
    let recorded = app
        .store
        .record_login(
            &LoginUpdate {
                passkey_id: &passkey.id,
                expected_counter: passkey.counter,
                counter: i64::from(credential.counter),
                credential: &stored,
                backed_up: assertion.backup_state,
                now,
            },
            &user.id,
            &NewSession {
                token_hash: &session.token_hash,
                expires_at: session.expires_at,
            },
        )
        .await?;
    if !recorded {
        // Another sign-in with this passkey landed between our read and write.
        return Err(ApiError::new(
            ErrorCode::CounterRegression,
            "this passkey was used concurrently; its signature counter cannot be trusted",
        ));
    }
    tracing::info!(user = %user.username, passkey = %passkey.id, "signed in");
    let body = LoggedIn {
        user: user_json(&user),
        session: session.body,
        rp_id: Some(app.config.rp_id.clone()),
    };
    Ok(([(SET_COOKIE, session.cookie)], Json(body)).into_response())
}

fn unknown_credential() -> ApiError {
    ApiError::new(
        ErrorCode::UnknownCredential,
        "this passkey is not registered here",
    )
}
