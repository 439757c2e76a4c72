//! What the auth sub-app tells its host after each update.
//!
//! A nested state machine reports to its parent the way crux's weather example does: each
//! update returns the command to run and, when something happened that the host may care
//! about, a [`Transition`]. The host reacts (load its own data on sign-in, clear it on
//! sign-out) and runs the command, mapped into its own effect and event types.

use crux_core::Command;

use super::{AuthEvent, Effect};
use crate::api::User;

/// Something that happened to the person's session or passkeys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Transition {
    /// Someone signed in with a passkey, or a kept session was restored at launch.
    SignedIn {
        /// Who.
        user: User,
    },
    /// Someone created an account; they are signed in.
    SignedUp {
        /// The new account.
        user: User,
    },
    /// The signed-in person's details changed (their display name).
    UserUpdated {
        /// As the server now has them.
        user: User,
    },
    /// The person signed out on this device.
    SignedOut,
    /// The session ended without the person asking: the server no longer knows it (expired or
    /// revoked), or the host pointed the sub-app at another server.
    SessionEnded,
    /// A passkey was added, renamed or deleted, or the list turned out to differ from the
    /// server's.
    PasskeysChanged,
}

/// The result of one update: the command to run, and what the host should know.
#[must_use]
pub struct Outcome {
    /// What the update asks of the shell, in the sub-app's effect and event types.
    pub command: Command<Effect, AuthEvent>,
    /// What happened, if anything the host may care about.
    pub transition: Option<Transition>,
}

impl Outcome {
    /// The transition and the command, for a host to react to one and run the other.
    pub fn into_parts(self) -> (Option<Transition>, Command<Effect, AuthEvent>) {
        (self.transition, self.command)
    }
}
