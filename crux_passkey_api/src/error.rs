//! The error envelope and the stable error codes.

use serde::{Deserialize, Serialize};

/// Every error answer: `{"error": {"code": "…", "message": "…"}}`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ErrorEnvelope {
    /// What went wrong.
    pub error: ErrorBody,
}

/// The inside of an [`ErrorEnvelope`].
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ErrorBody {
    /// One of [`ErrorCode`]'s names; kept as text so a client survives codes added later.
    pub code: String,
    /// For people and logs; clients act on the code.
    pub message: String,
}

impl ErrorEnvelope {
    /// An envelope with a known code.
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

/// The stable error codes (docs/error-codes.md).
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    /// The body or a parameter is malformed.
    InvalidRequest,
    /// The username breaks the server's rules.
    InvalidUsername,
    /// Another account has this username.
    UsernameTaken,
    /// The ceremony is unknown, used or expired.
    CeremonyNotFound,
    /// The credential did not verify.
    VerificationFailed,
    /// The sign counter did not increase: the passkey may have been cloned.
    CounterRegression,
    /// No account has this passkey.
    UnknownCredential,
    /// This passkey is already registered.
    CredentialExists,
    /// No valid session came with the request.
    Unauthenticated,
    /// The passkey does not exist for this account.
    NotFound,
    /// The account's only passkey cannot be deleted.
    LastPasskey,
    /// Too many requests from this client; try later.
    RateLimited,
    /// The body is over the server's limit.
    PayloadTooLarge,
    /// The server failed; nothing was changed.
    Internal,
    /// Adding or deleting a passkey needs a passkey assertion within the re-authentication
    /// window: run `auth/reauth/start` and `finish`, then retry.
    ReauthRequired,
    /// The account already has the most passkeys the server allows.
    TooManyPasskeys,
    /// A cookie-authenticated change came from an origin the server does not serve.
    OriginNotAllowed,
}

impl ErrorCode {
    /// Every code, in the order of the enum.
    pub const ALL: [Self; 17] = [
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
        Self::ReauthRequired,
        Self::TooManyPasskeys,
        Self::OriginNotAllowed,
    ];

    /// The SCREAMING_SNAKE name sent on the wire.
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
            Self::ReauthRequired => "REAUTH_REQUIRED",
            Self::TooManyPasskeys => "TOO_MANY_PASSKEYS",
            Self::OriginNotAllowed => "ORIGIN_NOT_ALLOWED",
        }
    }

    /// The code with this wire name, if it is one of ours.
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
            Self::ReauthRequired | Self::OriginNotAllowed => 403,
            Self::NotFound | Self::CeremonyNotFound => 404,
            Self::UsernameTaken
            | Self::CredentialExists
            | Self::LastPasskey
            | Self::TooManyPasskeys => 409,
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

