//! Crux Passkey's core.
//!
//! - [`passkey`]: the passkey capability, usable from any Crux app.
//! - [`auth`]: the auth sub-app that any Crux app nests, and the server's wire types
//!   ([`auth::api`]).
//! - [`App`]: the demo host app the shells run.
//! - [`ffi`]: the byte-level surface for uniffi (iOS, Android) and wasm-bindgen (JS).

pub mod app;
pub mod auth;
pub mod ffi;
pub mod passkey;

pub use app::{App, Effect, Event, Model, ViewModel};
pub use crux_core::Core;

#[cfg(feature = "uniffi")]
uniffi::setup_scaffolding!();

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
