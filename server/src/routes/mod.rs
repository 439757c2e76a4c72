//! HTTP handlers, one file per area of the API (docs/http-api.md), and what they share.

mod assertion;
pub mod health;
pub mod login;
pub mod passkeys;
pub mod reauth;
pub mod register;
pub mod session;
pub mod static_files;
pub mod well_known;

use axum::http::{HeaderMap, HeaderValue};
use crux_passkey_api as api;
use webauthn_rs_core::proto::{Credential, ParsedAttestation};

use crate::AppState;
use crate::clock;
use crate::error::{ApiError, ApiResult};
use crate::origin;
use crate::providers;
use crate::session::{hash_token, random_token, session_cookie};
use crate::store::{PasskeyRow, UserRow};
use crate::webauthn::normalize::{self, b64};

pub const DEFAULT_PASSKEY_NAME: &str = "Passkey";

pub fn user_json(row: &UserRow) -> api::User {
    api::User {
        id: row.id.clone(),
        username: row.username.clone(),
        display_name: row.display_name.clone(),
        handle: user_handle(&row.id),
    }
}

/// The user handle authenticators keep for the account: the bytes of its UUID, as
/// `start_registration` put them in `user.id`.
fn user_handle(user_id: &str) -> Option<String> {
    uuid::Uuid::parse_str(user_id)
        .ok()
        .map(|id| b64(id.as_bytes()))
}

pub fn passkey_json(row: &PasskeyRow) -> api::Passkey {
    api::Passkey {
        id: row.id.clone(),
        name: row.name.clone(),
        created_at: clock::rfc3339(row.created_at),
        last_used_at: row.last_used_at.map(clock::rfc3339),
        backup_eligible: row.backup_eligible,
        backed_up: row.backed_up,
        transports: row.transports.clone(),
        provider: row.aaguid.as_deref().and_then(providers::provider),
    }
}

/// A freshly minted session: the token for the client, its hash for the store.
pub struct IssuedSession {
    pub token_hash: String,
    pub expires_at: i64,
    pub body: api::Session,
    pub cookie: HeaderValue,
}

/// A browser's session is its HttpOnly cookie alone: the body carries the token only for
/// native clients, which send no `Origin`.
pub fn issue_session(app: &AppState, now: i64, request: &HeaderMap) -> IssuedSession {
    let token = random_token();
    let body_token = (!origin::from_browser(request)).then(|| token.clone());
    let expires_at = clock::after(now, app.config.session_ttl);
    IssuedSession {
        token_hash: hash_token(&token),
        expires_at,
        cookie: session_cookie(
            &token,
            app.config.session_ttl.as_secs(),
            app.config.cookie_secure(),
        ),
        body: api::Session {
            token: body_token,
            expires_at: clock::rfc3339(expires_at),
        },
    }
}

/// A newly verified credential: what it is, and what to call it.
pub struct NewPasskey<'a> {
    pub user_id: &'a str,
    pub credential: &'a Credential,
    pub aaguid: Option<String>,
    /// The name asked for, already checked by `passkey_name`; without one the passkey is
    /// named after its provider (made unique among `taken`), or `DEFAULT_PASSKEY_NAME` when
    /// the provider is unknown.
    pub name: Option<&'a str>,
    pub taken: &'a [PasskeyRow],
}

/// The name a finish body asks for, checked (before its ceremony is consumed).
pub fn passkey_name(requested: Option<&str>) -> ApiResult<Option<String>> {
    requested
        .map(|name| crate::validate::label(name, "passkey name"))
        .transpose()
}

/// The row for a newly verified credential.
pub fn new_passkey_row(new: &NewPasskey<'_>, now: i64) -> ApiResult<PasskeyRow> {
    let NewPasskey {
        user_id,
        credential,
        ..
    } = *new;
    // The id inside the attested credential data, which need not be the JSON's `rawId`.
    if credential.cred_id.len() > normalize::MAX_CREDENTIAL_ID {
        return Err(ApiError::invalid_request(format!(
            "the credential id is longer than {} bytes",
            normalize::MAX_CREDENTIAL_ID
        )));
    }
    // Attestation certificates prove nothing this server checks, and a chain can be large.
    let mut credential = credential.clone();
    credential.attestation = ParsedAttestation::default();
    let name = match new.name {
        Some(name) => name.to_owned(),
        None => match new.aaguid.as_deref().and_then(providers::provider) {
            Some(provider) => providers::unique_name(
                &provider.name,
                new.taken.iter().map(|row| row.name.as_str()),
            ),
            None => DEFAULT_PASSKEY_NAME.to_owned(),
        },
    };
    let transports = credential
        .transports
        .iter()
        .flatten()
        .filter_map(|t| serde_json::to_value(t).ok())
        .filter_map(|v| v.as_str().map(str::to_owned))
        .filter(|t| t != "unknown")
        .collect();
    Ok(PasskeyRow {
        id: b64(&credential.cred_id),
        user_id: user_id.to_owned(),
        name,
        credential: serde_json::to_string(&credential).map_err(ApiError::internal)?,
        counter: i64::from(credential.counter),
        backup_eligible: credential.backup_eligible,
        backed_up: credential.backup_state,
        transports,
        created_at: now,
        last_used_at: None,
        aaguid: new.aaguid.clone(),
    })
}
