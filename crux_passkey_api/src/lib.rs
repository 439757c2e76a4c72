//! The HTTP API of the Crux Passkey server, as serde types: request bodies, answers, the error
//! envelope and its stable codes, and the paths of every route.
//!
//! Both sides use this crate: the `crux_passkey` library's auth sub-app builds its requests and
//! reads its answers with these types, and the server answers with them, so the two cannot
//! drift apart silently. It depends on serde alone (plus `serde_json` for the WebAuthn JSON the
//! API carries untouched), so a server pulls in no Crux crate.
//!
//! WebAuthn options and credentials stay [`serde_json::Value`]: the core passes them between the
//! server and the platform untouched, and the server parses them with webauthn-rs.
//!
//! The routes, their statuses and their errors are described in the repository's
//! `docs/http-api.md` and `docs/error-codes.md`.
//!
//! Features:
//! - `facet`: derives `facet::Facet` for [`User`] and [`Passkey`], which a Crux view model
//!   carries to the shells.
//! - `android`: [`android::AndroidApp`], the `android:apk-key-hash:` origin of an Android app.

#![deny(missing_docs)]

mod bodies;
mod error;
pub mod paths;

#[cfg(feature = "android")]
pub mod android;

pub use bodies::*;
pub use error::*;

/// The crate README's example, compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
