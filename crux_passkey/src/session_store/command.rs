//! Command builders for the [session store capability](super), generic over the host app's
//! `Effect` and `Event`. They narrow the shell's wide [`SessionStoreResult`] to what each
//! operation can answer, so an odd answer is an error, never a panic.

use std::future::Future;

use crux_core::{Command, Request, command::RequestBuilder};

use super::{SessionStoreOperation, SessionStoreResult, StoreError};

/// Reads the kept value: `Ok(None)` when nothing is kept.
#[must_use]
pub fn load<Effect, Event>()
-> RequestBuilder<Effect, Event, impl Future<Output = Result<Option<String>, StoreError>>>
where
    Effect: Send + From<Request<SessionStoreOperation>> + 'static,
    Event: Send + 'static,
{
    Command::request_from_shell(SessionStoreOperation::Load).map(|result| match result {
        SessionStoreResult::Loaded { value } => Ok(value),
        other => Err(unexpected("Load", &other)),
    })
}

/// Keeps `value`, replacing whatever was kept.
#[must_use]
pub fn save<Effect, Event>(
    value: impl Into<String>,
) -> RequestBuilder<Effect, Event, impl Future<Output = Result<(), StoreError>>>
where
    Effect: Send + From<Request<SessionStoreOperation>> + 'static,
    Event: Send + 'static,
{
    Command::request_from_shell(SessionStoreOperation::Save {
        value: value.into(),
    })
    .map(|result| done("Save", result))
}

/// Forgets the kept value.
#[must_use]
pub fn delete<Effect, Event>()
-> RequestBuilder<Effect, Event, impl Future<Output = Result<(), StoreError>>>
where
    Effect: Send + From<Request<SessionStoreOperation>> + 'static,
    Event: Send + 'static,
{
    Command::request_from_shell(SessionStoreOperation::Delete).map(|result| done("Delete", result))
}

fn done(operation: &str, result: SessionStoreResult) -> Result<(), StoreError> {
    match result {
        SessionStoreResult::Done => Ok(()),
        other => Err(unexpected(operation, &other)),
    }
}

fn unexpected(operation: &str, result: &SessionStoreResult) -> StoreError {
    // Named, not printed: a misplaced `Loaded` carries a secret that must not reach a log.
    let detail = match result {
        SessionStoreResult::Failed { detail } => detail.clone(),
        SessionStoreResult::Loaded { .. } => format!("{operation} was answered with Loaded"),
        SessionStoreResult::Done => format!("{operation} was answered with Done"),
    };
    StoreError { detail }
}
