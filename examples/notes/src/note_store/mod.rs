//! The app's own capability: the shell keeps each person's notes (on the device, or in the
//! app's own backend).

pub mod command;

use crux_core::capability::Operation;
use facet::Facet;
use serde::{Deserialize, Serialize};

/// What the core asks the shell to do with someone's notes.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[repr(C)]
pub enum NoteStoreOperation {
    /// Read the notes of `owner` (a user id).
    Load { owner: String },
    /// Replace the notes of `owner`.
    Save { owner: String, notes: Vec<String> },
}

/// The shell's answer.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[repr(C)]
pub enum NoteStoreResult {
    /// The answer to `Load`.
    Loaded { notes: Vec<String> },
    /// The answer to `Save`.
    Saved,
    /// The storage failed.
    Failed { detail: String },
}

impl Operation for NoteStoreOperation {
    type Output = NoteStoreResult;
}
