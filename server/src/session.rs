//! Sessions: an opaque random token for the client, only its SHA-256 in the database.
//! Native clients send it as `Authorization: Bearer`; the web shell relies on the cookie.

use axum::extract::FromRequestParts;
use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::AppState;
use crate::clock;
use crate::error::ApiError;
use crate::store::UserRow;

pub const COOKIE_NAME: &str = "crux_passkey_session";

/// 32 random bytes, base64url: unguessable ids for tokens, ceremonies and secrets.
#[must_use]
pub fn random_token() -> String {
    let mut bytes = [0_u8; 32];
    // The OS random source failing leaves the process unable to do anything safely.
    if let Err(err) = getrandom::fill(&mut bytes) {
        tracing::error!(%err, "the OS random number generator failed");
        std::process::abort();
    }
    URL_SAFE_NO_PAD.encode(bytes)
}

#[must_use]
pub fn hash_token(token: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(token.as_bytes()))
}

/// `Set-Cookie` for a fresh session.
#[must_use]
pub fn session_cookie(token: &str, max_age_secs: u64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let value = format!(
        "{COOKIE_NAME}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age_secs}{secure}"
    );
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// `Set-Cookie` that removes the session cookie.
#[must_use]
pub fn clearing_cookie(secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{COOKIE_NAME}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// The bearer token wins over the cookie so a native client is never confused by a stale cookie.
#[must_use]
pub fn presented_token(headers: &HeaderMap) -> Option<String> {
    let bearer = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, token) = v.trim().split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
        })
        .filter(|t| !t.is_empty());
    if let Some(token) = bearer {
        return Some(token.to_owned());
    }
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, value)| *name == COOKIE_NAME && !value.is_empty())
        .map(|(_, value)| value.to_owned())
}

/// The signed-in user of a request; rejects with `UNAUTHENTICATED`.
pub struct Authenticated {
    pub user: UserRow,
    pub token_hash: String,
}

impl FromRequestParts<AppState> for Authenticated {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = presented_token(&parts.headers).ok_or_else(ApiError::unauthenticated)?;
        let token_hash = hash_token(&token);
        let user = state
            .store
            .session_user(&token_hash, clock::now())
            .await?
            .ok_or_else(ApiError::unauthenticated)?;
        Ok(Self { user, token_hash })
    }
}
