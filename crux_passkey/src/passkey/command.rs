//! Command builders for the [passkey capability](super).
//!
//! They are generic over the host app's `Effect` and `Event`, so any Crux app whose effect type
//! can carry a `Request<PasskeyOperation>` can use them, and they narrow the shell's
//! [`PasskeyResult`] to a plain `Result`.

use std::future::Future;

use crux_core::{Command, Request, command::RequestBuilder};

use super::{Mediation, PasskeyError, PasskeyErrorKind, PasskeyOperation, PasskeyResult, Signal};

/// Asks the shell to register a new passkey with these creation options (JSON).
#[must_use]
pub fn create<Effect, Event>(
    options_json: impl Into<String>,
) -> RequestBuilder<Effect, Event, impl Future<Output = Result<String, PasskeyError>>>
where
    Effect: Send + From<Request<PasskeyOperation>> + 'static,
    Event: Send + 'static,
{
    Command::request_from_shell(PasskeyOperation::Create {
        options_json: options_json.into(),
    })
    .map(into_result)
}

/// Asks the shell to sign in with a passkey using these request options (JSON).
#[must_use]
pub fn get<Effect, Event>(
    options_json: impl Into<String>,
    mediation: Mediation,
) -> RequestBuilder<Effect, Event, impl Future<Output = Result<String, PasskeyError>>>
where
    Effect: Send + From<Request<PasskeyOperation>> + 'static,
    Event: Send + 'static,
{
    Command::request_from_shell(PasskeyOperation::Get {
        options_json: options_json.into(),
        mediation,
    })
    .map(into_result)
}

/// Tells the platform's passkey manager what the server knows (`json` is the signal's L3 JSON).
#[must_use]
pub fn signal<Effect, Event>(
    signal: Signal,
    json: impl Into<String>,
) -> RequestBuilder<Effect, Event, impl Future<Output = Result<(), PasskeyError>>>
where
    Effect: Send + From<Request<PasskeyOperation>> + 'static,
    Event: Send + 'static,
{
    Command::request_from_shell(PasskeyOperation::Signal {
        signal,
        json: json.into(),
    })
    .map(|result| match result {
        PasskeyResult::Signalled => Ok(()),
        PasskeyResult::Err(error) => Err(error),
        PasskeyResult::Ok(_) => Err(mismatched("Signal", "Ok")),
    })
}

fn into_result(result: PasskeyResult) -> Result<String, PasskeyError> {
    match result {
        PasskeyResult::Ok(json) => Ok(json),
        PasskeyResult::Err(error) => Err(error),
        PasskeyResult::Signalled => Err(mismatched("Create or Get", "Signalled")),
    }
}

/// A shell answered one operation with another's answer: a bug in the shell, reported as such.
fn mismatched(operation: &str, answer: &str) -> PasskeyError {
    PasskeyError::new(
        PasskeyErrorKind::Unknown,
        format!("the shell answered {operation} with {answer}"),
    )
}
