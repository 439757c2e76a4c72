//! Words for every failure: what happened, in terms a person can act on.

use super::client::ApiFailure;
use crate::api::ErrorCode;
use super::model::{Activity, Notice, NoticeKind};
use crate::passkey::{PasskeyError, PasskeyErrorKind};

impl Notice {
    pub(crate) fn error(code: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            kind: NoticeKind::Error,
            code: code.into(),
            text: text.into(),
        }
    }

    pub(crate) fn info(code: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            kind: NoticeKind::Info,
            code: code.into(),
            text: text.into(),
        }
    }

    pub(crate) fn invalid_input(text: impl Into<String>) -> Self {
        Self::error("INVALID_INPUT", text)
    }

    pub(crate) fn from_api(failure: &ApiFailure) -> Self {
        match failure {
            ApiFailure::Rejected {
                status,
                code,
                message,
            } => match code.as_deref().and_then(ErrorCode::parse) {
                Some(known) => Self::error(known.as_str(), server_text(known, message)),
                None => Self::error(
                    code.clone().unwrap_or_else(|| format!("HTTP_{status}")),
                    format!("The server refused the request ({status}): {message}"),
                ),
            },
            ApiFailure::Network(detail) => Self::error(
                "NETWORK",
                format!("Can't reach the server. Check your connection and try again. ({detail})"),
            ),
            ApiFailure::BadResponse(detail) => Self::error(
                "BAD_RESPONSE",
                format!("The server sent an answer this app doesn't understand. ({detail})"),
            ),
            ApiFailure::NotConfigured => Self::error(
                "NOT_CONFIGURED",
                "This app has no server address configured.",
            ),
        }
    }

    /// Signed out here, but the server did not hear of it.
    pub(crate) fn signed_out_unheard(detail: &str) -> Self {
        Self::info(
            "SIGNED_OUT",
            format!("You're signed out on this device, but the server could not be told. {detail}"),
        )
    }

    /// The device could not keep the session for the next launch.
    pub(crate) fn session_not_kept() -> Self {
        Self::info(
            "SESSION_NOT_KEPT",
            "You're signed in, but this device couldn't keep your session, so you'll need to sign in again next time.",
        )
    }

    /// The shell did not answer within the flow's bound.
    pub(crate) fn timed_out(activity: Activity) -> Self {
        let what = match activity {
            Activity::SigningUp
            | Activity::SigningIn
            | Activity::AddingPasskey
            | Activity::Reauthenticating => {
                "The server or the passkey request"
            }
            _ => "The server",
        };
        Self::error(
            "TIMED_OUT",
            format!("{what} didn't answer in time, so this was stopped. Please try again."),
        )
    }

    /// Confirming it's the person (before a change to their passkeys) ended at the platform:
    /// the change was not made.
    pub(crate) fn reauth_not_confirmed(error: &PasskeyError) -> Self {
        match error.kind {
            // A dismissed sheet, a refused verification, or a request stopped before it ended.
            PasskeyErrorKind::Cancelled | PasskeyErrorKind::Aborted => Self::info(
                "REAUTH_CANCELLED",
                "Confirm it's you with one of your passkeys to change your passkeys. Nothing was changed.",
            ),
            PasskeyErrorKind::NoCredentials => Self::error(
                error.kind.code(),
                "None of your passkeys is on this device, so it couldn't confirm it's you. Nothing was changed. Use a device that has one of your passkeys.",
            ),
            _ => Self::error(
                error.kind.code(),
                format!(
                    "Your passkeys weren't changed: confirming it's you didn't work. {}",
                    Self::from_passkey(error).text
                ),
            ),
        }
    }

    /// The passkey used to confirm it's the person is not one of the signed-in account's.
    pub(crate) fn reauth_wrong_account() -> Self {
        Self::error(
            ErrorCode::UnknownCredential.as_str(),
            "That passkey isn't one of this account's, so nothing was changed. Confirm it's you with one of your own passkeys.",
        )
    }

    /// Every session of the account ended, this one included.
    pub(crate) fn signed_out_everywhere() -> Self {
        Self::info(
            "SIGNED_OUT_EVERYWHERE",
            "You're signed out on every device, this one included.",
        )
    }

    pub(crate) fn from_passkey(error: &PasskeyError) -> Self {
        let text = match error.kind {
            // Browsers report a dismissed sheet and a refused user verification alike, on purpose.
            PasskeyErrorKind::Cancelled => {
                return Self::info(
                    error.kind.code(),
                    "The passkey request was cancelled or not allowed, so nothing changed. You can try again.",
                );
            }
            PasskeyErrorKind::Aborted => "The passkey request was stopped.".to_owned(),
            PasskeyErrorKind::NoCredentials => {
                "No passkey for this account was found on this device. Use another device, or sign up."
                    .to_owned()
            }
            PasskeyErrorKind::ExcludedCredentialExists => {
                "This device already has a passkey for this account.".to_owned()
            }
            PasskeyErrorKind::RpMisconfigured => {
                "This app isn't set up for passkeys on its domain, so the device refused. Please contact support."
                    .to_owned()
            }
            PasskeyErrorKind::Unsupported => {
                "This device or browser doesn't support passkeys.".to_owned()
            }
            PasskeyErrorKind::Interrupted => {
                "The passkey request was interrupted. Please try again.".to_owned()
            }
            PasskeyErrorKind::InvalidRequest => format!(
                "The device rejected the passkey request as invalid. ({})",
                error.message
            ),
            PasskeyErrorKind::Unknown => format!(
                "Something went wrong with the passkey. Please try again. ({})",
                error.message
            ),
        };
        Self::error(error.kind.code(), text)
    }
}

fn server_text(code: ErrorCode, message: &str) -> String {
    match code {
        ErrorCode::InvalidRequest => format!("The request was not accepted: {message}"),
        ErrorCode::InvalidUsername => format!("That username can't be used: {message}"),
        ErrorCode::UsernameTaken => {
            "That username is taken. Choose another, or sign in instead.".to_owned()
        }
        ErrorCode::CeremonyNotFound => "That attempt expired. Please try again.".to_owned(),
        ErrorCode::VerificationFailed => {
            "Your passkey couldn't be verified. Please try again.".to_owned()
        }
        ErrorCode::CounterRegression => {
            "This passkey was refused because it may have been copied. Use another passkey."
                .to_owned()
        }
        ErrorCode::UnknownCredential => {
            "This passkey isn't registered here. Use another passkey, or sign up.".to_owned()
        }
        ErrorCode::CredentialExists => "This passkey is already registered.".to_owned(),
        ErrorCode::Unauthenticated => "You're signed out. Sign in again.".to_owned(),
        ErrorCode::NotFound => "That passkey no longer exists.".to_owned(),
        ErrorCode::LastPasskey => {
            "You can't delete your only passkey. Add another one first.".to_owned()
        }
        ErrorCode::RateLimited => "Too many attempts. Wait a moment and try again.".to_owned(),
        ErrorCode::PayloadTooLarge => "The request was too large for the server.".to_owned(),
        ErrorCode::Internal => "The server had a problem. Please try again.".to_owned(),
        ErrorCode::ReauthRequired => {
            "Confirm it's you with one of your passkeys before changing your passkeys, then try again. Nothing was changed."
                .to_owned()
        }
        ErrorCode::TooManyPasskeys => {
            "This account has the most passkeys allowed. Delete one you no longer use first."
                .to_owned()
        }
        ErrorCode::OriginNotAllowed => {
            "The server refused a change from this site. Open the app at its usual address and try again."
                .to_owned()
        }
    }
}
