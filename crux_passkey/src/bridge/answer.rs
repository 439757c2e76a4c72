//! What a request resolves with when the shell's answer cannot be decoded.

use crux_http::HttpError;
use crux_http::protocol::HttpResult;
use crux_time::TimeResponse;
use serde::de::DeserializeOwned;

use crate::passkey::{PasskeyError, PasskeyErrorKind, PasskeyResult};
use crate::session_store::SessionStoreResult;

/// An operation's output as the bridge reads it from the shell.
pub trait ShellAnswer: DeserializeOwned + Send + 'static {
    /// The failure that takes the place of an answer that could not be decoded, so the flow
    /// waiting for it ends; `None` leaves the request open for an answer that decodes.
    fn undecodable(detail: &str) -> Option<Self>;
}

impl ShellAnswer for HttpResult {
    fn undecodable(detail: &str) -> Option<Self> {
        Some(Self::Err(HttpError::Io(format!(
            "the shell's HTTP answer could not be read: {detail}"
        ))))
    }
}

impl ShellAnswer for PasskeyResult {
    fn undecodable(detail: &str) -> Option<Self> {
        Some(Self::Err(PasskeyError::new(
            PasskeyErrorKind::Unknown,
            format!("the shell's passkey answer could not be read: {detail}"),
        )))
    }
}

impl ShellAnswer for SessionStoreResult {
    fn undecodable(detail: &str) -> Option<Self> {
        Some(Self::Failed {
            detail: format!("the shell's storage answer could not be read: {detail}"),
        })
    }
}

/// A timer has no failure to report: its request stays open for a correct answer, and the flow
/// it guards can still end with its own answer or a sign-out.
impl ShellAnswer for TimeResponse {
    fn undecodable(_detail: &str) -> Option<Self> {
        None
    }
}

/// Notifications answer nothing; a request of this type only says it is done.
impl ShellAnswer for () {
    fn undecodable(_detail: &str) -> Option<Self> {
        Some(())
    }
}
