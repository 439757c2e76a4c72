//! Command builders for the [passkey capability](super).
//!
//! They are generic over the host app's `Effect` and `Event`, so any Crux app whose effect type
//! can carry a `Request<PasskeyOperation>` can use them, and they narrow the shell's
//! [`PasskeyResult`] to a plain `Result`.

use std::future::Future;

use crux_core::{Command, Request, command::RequestBuilder};

use super::{Mediation, PasskeyError, PasskeyOperation, PasskeyResult};

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

fn into_result(result: PasskeyResult) -> Result<String, PasskeyError> {
    match result {
        PasskeyResult::Ok(json) => Ok(json),
        PasskeyResult::Err(error) => Err(error),
    }
}
