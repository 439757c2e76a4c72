//! Command builders for the note store, generic over the app's effect and event types.

use std::future::Future;

use crux_core::{Command, Request, command::RequestBuilder};

use super::{NoteStoreOperation, NoteStoreResult};

/// Reads `owner`'s notes.
#[must_use]
pub fn load<Effect, Event>(
    owner: String,
) -> RequestBuilder<Effect, Event, impl Future<Output = Result<Vec<String>, String>>>
where
    Effect: Send + From<Request<NoteStoreOperation>> + 'static,
    Event: Send + 'static,
{
    Command::request_from_shell(NoteStoreOperation::Load { owner }).map(|result| match result {
        NoteStoreResult::Loaded { notes } => Ok(notes),
        NoteStoreResult::Failed { detail } => Err(detail),
        NoteStoreResult::Saved => Err("Load was answered with Saved".to_owned()),
    })
}

/// Replaces `owner`'s notes; the answer only matters when it is a failure.
#[must_use]
pub fn save<Effect, Event>(
    owner: String,
    notes: Vec<String>,
) -> RequestBuilder<Effect, Event, impl Future<Output = Result<(), String>>>
where
    Effect: Send + From<Request<NoteStoreOperation>> + 'static,
    Event: Send + 'static,
{
    Command::request_from_shell(NoteStoreOperation::Save { owner, notes }).map(|result| {
        match result {
            NoteStoreResult::Saved => Ok(()),
            NoteStoreResult::Failed { detail } => Err(detail),
            NoteStoreResult::Loaded { .. } => Err("Save was answered with Loaded".to_owned()),
        }
    })
}
