//! Notes: a small Crux app that keeps private notes for whoever is signed in, with passkeys
//! from `crux_passkey`. It is an example of a host app that is not ours: it nests the auth
//! sub-app, reacts to the transitions the sub-app reports, and has an effect of its own.

pub mod app;
pub mod note_store;

pub use app::{App, Effect, Event, Model, ViewModel};
