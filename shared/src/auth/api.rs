//! The server's HTTP API (DESIGN §3): bodies and answers, defined once for the core and the server.
//!
//! WebAuthn options and credentials stay `serde_json::Value`: the core passes them between the
//! server and the platform untouched, and the server parses them with webauthn-rs.

use facet::Facet;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `POST /auth/register/start`
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct RegisterStartRequest {
    pub username: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
}

/// `POST /auth/login/start`; no username asks for a discoverable (usernameless) ceremony.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct LoginStartRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
}

/// `POST /auth/passkeys/start` takes an empty object.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct AddPasskeyStartRequest {}

/// The answer to every `…/start`: a ceremony handle and the bare WebAuthn L3 options object.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CeremonyStarted {
    pub ceremony_id: String,
    pub options: Value,
}

/// `POST /auth/register/finish` and `POST /auth/passkeys/finish`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RegistrationFinishRequest {
    pub ceremony_id: String,
    pub credential: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// `POST /auth/login/finish`
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct LoginFinishRequest {
    pub ceremony_id: String,
    pub credential: Value,
}

/// 201 from `POST /auth/register/finish`
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Registered {
    pub user: User,
    pub passkey: Passkey,
    pub session: Session,
}

/// 200 from `POST /auth/login/finish`
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct LoggedIn {
    pub user: User,
    pub session: Session,
}

/// 200 from `GET /auth/session`
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct CurrentSession {
    pub user: User,
}

/// `PATCH /auth/passkeys/{id}`
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct RenamePasskeyRequest {
    pub name: String,
}

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: String,
    pub username: String,
    pub display_name: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    pub token: String,
    /// RFC 3339.
    pub expires_at: String,
}

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Passkey {
    /// The credential id, base64url without padding.
    pub id: String,
    pub name: String,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339; absent until the passkey is first used to sign in.
    pub last_used_at: Option<String>,
    pub backup_eligible: bool,
    pub backed_up: bool,
    pub transports: Vec<String>,
}

/// Every error answer: `{"error": {"code": "…", "message": "…"}}`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ErrorEnvelope {
    pub error: ErrorBody,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ErrorBody {
    /// One of [`ErrorCode`]'s names; kept as text so a client survives codes added later.
    pub code: String,
    pub message: String,
}

impl ErrorEnvelope {
    #[must_use]
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            error: ErrorBody {
                code: code.as_str().to_owned(),
                message: message.into(),
            },
        }
    }
}

/// The stable error codes of DESIGN §3.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    InvalidRequest,
    InvalidUsername,
    UsernameTaken,
    CeremonyNotFound,
    VerificationFailed,
    CounterRegression,
    UnknownCredential,
    CredentialExists,
    Unauthenticated,
    NotFound,
    LastPasskey,
    RateLimited,
    PayloadTooLarge,
    Internal,
}

impl ErrorCode {
    pub const ALL: [Self; 14] = [
        Self::InvalidRequest,
        Self::InvalidUsername,
        Self::UsernameTaken,
        Self::CeremonyNotFound,
        Self::VerificationFailed,
        Self::CounterRegression,
        Self::UnknownCredential,
        Self::CredentialExists,
        Self::Unauthenticated,
        Self::NotFound,
        Self::LastPasskey,
        Self::RateLimited,
        Self::PayloadTooLarge,
        Self::Internal,
    ];

    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::InvalidRequest => "INVALID_REQUEST",
            Self::InvalidUsername => "INVALID_USERNAME",
            Self::UsernameTaken => "USERNAME_TAKEN",
            Self::CeremonyNotFound => "CEREMONY_NOT_FOUND",
            Self::VerificationFailed => "VERIFICATION_FAILED",
            Self::CounterRegression => "COUNTER_REGRESSION",
            Self::UnknownCredential => "UNKNOWN_CREDENTIAL",
            Self::CredentialExists => "CREDENTIAL_EXISTS",
            Self::Unauthenticated => "UNAUTHENTICATED",
            Self::NotFound => "NOT_FOUND",
            Self::LastPasskey => "LAST_PASSKEY",
            Self::RateLimited => "RATE_LIMITED",
            Self::PayloadTooLarge => "PAYLOAD_TOO_LARGE",
            Self::Internal => "INTERNAL",
        }
    }

    #[must_use]
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|known| known.as_str() == code)
    }

    /// The HTTP status the server answers with for this code.
    #[must_use]
    pub const fn status(self) -> u16 {
        match self {
            Self::InvalidRequest | Self::InvalidUsername | Self::VerificationFailed => 400,
            Self::Unauthenticated | Self::UnknownCredential | Self::CounterRegression => 401,
            Self::NotFound | Self::CeremonyNotFound => 404,
            Self::UsernameTaken | Self::CredentialExists | Self::LastPasskey => 409,
            Self::PayloadTooLarge => 413,
            Self::RateLimited => 429,
            Self::Internal => 500,
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Paths of the API, relative to the server's base URL, as segments.
pub mod paths {
    pub const REGISTER_START: [&str; 3] = ["auth", "register", "start"];
    pub const REGISTER_FINISH: [&str; 3] = ["auth", "register", "finish"];
    pub const LOGIN_START: [&str; 3] = ["auth", "login", "start"];
    pub const LOGIN_FINISH: [&str; 3] = ["auth", "login", "finish"];
    pub const SESSION: [&str; 2] = ["auth", "session"];
    pub const LOGOUT: [&str; 2] = ["auth", "logout"];
    pub const PASSKEYS: [&str; 2] = ["auth", "passkeys"];
    pub const PASSKEYS_START: [&str; 3] = ["auth", "passkeys", "start"];
    pub const PASSKEYS_FINISH: [&str; 3] = ["auth", "passkeys", "finish"];

    /// `auth/passkeys/{id}`; the id is percent-encoded as one segment when joined to a URL.
    #[must_use]
    pub const fn passkey(id: &str) -> [&str; 3] {
        ["auth", "passkeys", id]
    }
}
