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
use crate::origin;
use crate::store::UserRow;

/// The cookie's name over plain HTTP (local development).
pub const COOKIE_NAME: &str = "crux_passkey_session";
/// Over HTTPS: browsers only accept a `__Host-` cookie that is Secure, host-only and for
/// `Path=/`, so a sibling subdomain cannot plant one.
pub const SECURE_COOKIE_NAME: &str = "__Host-crux_passkey_session";

#[must_use]
pub const fn cookie_name(secure: bool) -> &'static str {
    if secure {
        SECURE_COOKIE_NAME
    } else {
        COOKIE_NAME
    }
}

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
    let name = cookie_name(secure);
    let secure = if secure { "; Secure" } else { "" };
    let value = format!(
        "{name}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age_secs}{secure}"
    );
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// `Set-Cookie` that removes the session cookie.
#[must_use]
pub fn clearing_cookie(secure: bool) -> HeaderValue {
    let name = cookie_name(secure);
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// How a request presented its session token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Presented {
    Bearer(String),
    Cookie(String),
    /// The cookie came more than once: one of them may have been planted by a sibling
    /// subdomain, and there is no telling which, so the request counts as signed out.
    AmbiguousCookie,
}

/// The bearer token wins over the cookie so a native client is never confused by a stale cookie.
#[must_use]
pub fn presented(headers: &HeaderMap, cookie_name: &str) -> Option<Presented> {
    let bearer = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, token) = v.trim().split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
        })
        .filter(|t| !t.is_empty());
    if let Some(token) = bearer {
        return Some(Presented::Bearer(token.to_owned()));
    }
    let mut cookies = headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .filter(|(name, _)| *name == cookie_name)
        .map(|(_, value)| value.trim());
    let first = cookies.next()?;
    if cookies.next().is_some() {
        return Some(Presented::AmbiguousCookie);
    }
    (!first.is_empty()).then(|| Presented::Cookie(first.to_owned()))
}

/// The token a request presented, once its origin has been checked: a cookie only counts
/// for a state-changing request from one of the server's own web origins.
pub struct PresentedToken(pub Option<String>);

impl FromRequestParts<AppState> for PresentedToken {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let name = cookie_name(state.config.cookie_secure());
        match presented(&parts.headers, name) {
            None | Some(Presented::AmbiguousCookie) => Ok(Self(None)),
            Some(Presented::Bearer(token)) => Ok(Self(Some(token))),
            Some(Presented::Cookie(token)) => {
                origin::check_cookie_write(&parts.method, &parts.headers, &state.config)?;
                Ok(Self(Some(token)))
            }
        }
    }
}

/// The signed-in user of a request; rejects with `UNAUTHENTICATED`.
pub struct Authenticated {
    pub user: UserRow,
    pub token_hash: String,
    /// Unix seconds of the session's last passkey assertion.
    pub authenticated_at: i64,
}

impl Authenticated {
    /// Adding or deleting a passkey needs a passkey assertion within the re-authentication
    /// window, so a stolen session token alone cannot take the account over.
    pub fn require_recent(&self, app: &AppState) -> Result<(), ApiError> {
        let window = i64::try_from(app.config.reauth_window.as_secs()).unwrap_or(i64::MAX);
        if clock::now().saturating_sub(self.authenticated_at) <= window {
            return Ok(());
        }
        Err(ApiError::new(
            crux_passkey_api::ErrorCode::ReauthRequired,
            "confirm it is you with one of your passkeys first (auth/reauth/start)",
        ))
    }
}

impl FromRequestParts<AppState> for Authenticated {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let PresentedToken(token) = PresentedToken::from_request_parts(parts, state).await?;
        let token_hash = hash_token(&token.ok_or_else(ApiError::unauthenticated)?);
        let session = state
            .store
            .session(&token_hash, clock::now())
            .await?
            .ok_or_else(ApiError::unauthenticated)?;
        Ok(Self {
            user: session.user,
            token_hash,
            authenticated_at: session.authenticated_at,
        })
    }
}
