//! Passkeys for [Crux](https://github.com/redbadger/crux) apps.
//!
//! - [`passkey`]: the passkey capability. The core asks the shell's platform authenticator to
//!   create or use a passkey, with WebAuthn Level 3 JSON crossing the bridge untouched.
//! - [`session_store`]: the session store capability. The core asks the shell's secret storage
//!   to keep the signed-in session between launches.
//! - [`auth`]: the auth sub-app (sign-up, sign-in with a username, usernameless or in autofill,
//!   session restore, sign-out, passkey management) that a host app nests, and the
//!   [`auth::Transition`]s it reports to its host.
//! - [`bridge`]: a byte-level bridge for the host's FFI that checks every answer before it
//!   resolves anything.
//! - [`api`]: the companion server's HTTP API (the `crux_passkey_api` crate).
//!
//! The repository's README shows the whole path for a host app ("Add passkeys to your Crux
//! app"), and `docs/` describes the bridge protocol, the notices and the server's API.
#![deny(missing_docs)]

pub mod auth;
pub mod bridge;
pub mod passkey;
pub mod session_store;

pub use crux_passkey_api as api;

/// The repository README's "Add passkeys to your Crux app", compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;

/// The crate README's example, compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct CrateReadmeDoctests;
