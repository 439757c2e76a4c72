//! The passkey capability: the core asks the shell to create or use a passkey, and to tell the
//! platform's passkey manager what the server knows (signals).
//!
//! WebAuthn Level 3 JSON crosses the bridge as opaque strings, so every shell can
//! hand it straight to its platform API (`parseCreationOptionsFromJSON`, Credential Manager's
//! `requestJson`, or its own mapping on iOS) and the core never has to model WebAuthn types.
//! The command builders live in [`command`].

pub mod command;

pub use command::{create, get, signal};

use crux_core::capability::Operation;
use facet::Facet;
use serde::{Deserialize, Serialize};

/// What the core asks the shell's platform authenticator to do.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[repr(C)]
pub enum PasskeyOperation {
    /// Register a new passkey.
    Create {
        /// A bare `PublicKeyCredentialCreationOptionsJSON` (no `{publicKey: …}` wrapper).
        options_json: String,
    },
    /// Assert with an existing passkey. `options_json` is a bare
    /// `PublicKeyCredentialRequestOptionsJSON`.
    Get {
        /// A bare `PublicKeyCredentialRequestOptionsJSON`.
        options_json: String,
        /// Ask now, or offer in autofill.
        mediation: Mediation,
    },
    /// Tell the platform's passkey manager what the server knows, so it stops offering passkeys
    /// the server has forgotten and shows the names the server has. Best effort: answered
    /// `Signalled`, or an error (`Unsupported` where the platform has no such call) that the
    /// core ignores.
    Signal {
        /// Which signal.
        signal: Signal,
        /// Its WebAuthn L3 JSON, the argument of `PublicKeyCredential.signal…`.
        json: String,
    },
}

/// The three signals of WebAuthn's Signal API.
#[derive(Facet, Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[repr(C)]
pub enum Signal {
    /// `{"rpId", "credentialId"}`: the server does not know this credential (any more).
    UnknownCredential,
    /// `{"rpId", "userId", "allAcceptedCredentialIds"}`: every credential the server accepts
    /// for this user; the manager may hide or remove the others.
    AllAcceptedCredentials,
    /// `{"rpId", "userId", "name", "displayName"}`: the account's names as the server has them.
    CurrentUserDetails,
}

/// How the platform should ask the person.
#[derive(Facet, Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[repr(C)]
pub enum Mediation {
    /// A sheet or dialog the person answers now.
    Modal,
    /// Offered quietly in the username field's autofill; may wait indefinitely.
    Conditional,
}

/// The shell's answer to a [`PasskeyOperation`].
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[repr(C)]
pub enum PasskeyResult {
    /// `RegistrationResponseJSON` or `AuthenticationResponseJSON`, exactly as the platform gave it.
    Ok(String),
    /// The platform refused or failed, mapped to a kind.
    Err(PasskeyError),
    /// The answer to `Signal`: the platform took it.
    Signalled,
}

/// A platform failure, already mapped by the shell into one of a few kinds the core can act on.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct PasskeyError {
    /// What the core should make of it.
    pub kind: PasskeyErrorKind,
    /// Human-readable detail; shells keep the platform's raw code or name here.
    pub message: String,
}

/// The few kinds of platform failure the core acts on differently. Every shell maps every
/// platform error into one of them (the repository's `shells_check/ERROR_MAPPING.md`).
#[derive(Facet, Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(C)]
pub enum PasskeyErrorKind {
    /// The person dismissed the sheet (or the platform will not say more than that).
    Cancelled,
    /// No passkey on this device matches the request.
    NoCredentials,
    /// The authenticator already holds one of `excludeCredentials`.
    ExcludedCredentialExists,
    /// The app or site is not associated with the relying party id.
    RpMisconfigured,
    /// This device or browser cannot do passkeys.
    Unsupported,
    /// Something interrupted the request (app backgrounded, another request took over).
    Interrupted,
    /// The request was aborted on purpose, for example to replace autofill with a modal request.
    Aborted,
    /// The options were rejected by the platform as malformed.
    InvalidRequest,
    /// Anything else; the message says what the platform said.
    Unknown,
}

impl PasskeyErrorKind {
    /// Every kind.
    pub const ALL: [Self; 9] = [
        Self::Cancelled,
        Self::NoCredentials,
        Self::ExcludedCredentialExists,
        Self::RpMisconfigured,
        Self::Unsupported,
        Self::Interrupted,
        Self::Aborted,
        Self::InvalidRequest,
        Self::Unknown,
    ];

    /// A stable SCREAMING_SNAKE name, used in notices and logs.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Cancelled => "PASSKEY_CANCELLED",
            Self::NoCredentials => "PASSKEY_NO_CREDENTIALS",
            Self::ExcludedCredentialExists => "PASSKEY_EXCLUDED_CREDENTIAL_EXISTS",
            Self::RpMisconfigured => "PASSKEY_RP_MISCONFIGURED",
            Self::Unsupported => "PASSKEY_UNSUPPORTED",
            Self::Interrupted => "PASSKEY_INTERRUPTED",
            Self::Aborted => "PASSKEY_ABORTED",
            Self::InvalidRequest => "PASSKEY_INVALID_REQUEST",
            Self::Unknown => "PASSKEY_UNKNOWN",
        }
    }

    /// Cancelling and aborting are the person's or the app's own choice, not failures to report.
    #[must_use]
    pub const fn is_quiet(self) -> bool {
        matches!(self, Self::Cancelled | Self::Aborted)
    }
}

impl PasskeyError {
    /// An error of `kind` with the platform's detail.
    #[must_use]
    pub fn new(kind: PasskeyErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for PasskeyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.kind.code(), self.message)
    }
}

impl std::error::Error for PasskeyError {}

impl Operation for PasskeyOperation {
    type Output = PasskeyResult;
}
