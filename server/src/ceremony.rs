//! Pending ceremonies: their state stays on the server under an unguessable id, lives for
//! the configured TTL, and is removed by the first finish call whatever its outcome.

use serde::{Deserialize, Serialize};
use webauthn_rs_core::proto::{AuthenticationState, RegistrationState};

use crate::AppState;
use crate::clock;
use crate::error::{ApiError, ApiResult};
use crate::session::random_token;

#[derive(Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Ceremony {
    /// Sign-up: the user row is only created when this finishes.
    Register {
        user_id: String,
        username: String,
        display_name: String,
        state: RegistrationState,
    },
    /// A signed-in user adding another passkey.
    AddPasskey {
        user_id: String,
        state: RegistrationState,
    },
    /// A signed-in session proving presence again with one of its account's passkeys.
    Reauth {
        user_id: String,
        token_hash: String,
        state: AuthenticationState,
        /// Base64url, as for `Login`.
        challenge: String,
    },
    Login {
        target: LoginTarget,
        state: AuthenticationState,
        /// Base64url; kept apart because webauthn-rs keeps its copy private.
        challenge: String,
    },
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Eq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LoginTarget {
    /// A username that exists.
    User { user_id: String },
    /// A username that does not exist: answered with decoy options, can never succeed.
    Nobody,
    /// Usernameless: the authenticator picks the credential and names the user.
    Discoverable,
}

impl Ceremony {
    fn kind(&self) -> &'static str {
        match self {
            Self::Register { .. } => "register",
            Self::AddPasskey { .. } => "add_passkey",
            Self::Login { .. } => "login",
            Self::Reauth { .. } => "reauth",
        }
    }
}

/// Stores the ceremony and answers its id.
pub async fn begin(app: &AppState, ceremony: &Ceremony) -> ApiResult<String> {
    let id = random_token();
    let state = serde_json::to_string(ceremony).map_err(ApiError::internal)?;
    let expires_at = clock::after(clock::now(), app.config.ceremony_ttl);
    app.store
        .put_ceremony(&id, ceremony.kind(), &state, expires_at)
        .await?;
    Ok(id)
}

/// Consumes the ceremony; unknown, used, expired or of another kind all read as not found.
pub async fn take(app: &AppState, id: &str, kind: &str) -> ApiResult<Ceremony> {
    if id.is_empty() || id.len() > 128 {
        return Err(ApiError::ceremony_not_found());
    }
    let (stored_kind, state) = app
        .store
        .take_ceremony(id, clock::now())
        .await?
        .ok_or_else(ApiError::ceremony_not_found)?;
    if stored_kind != kind {
        return Err(ApiError::ceremony_not_found());
    }
    serde_json::from_str(&state).map_err(ApiError::internal)
}
