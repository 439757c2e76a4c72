//! The Crux Passkey demo app's core.
//!
//! - [`App`]: the demo host app the shells run. It nests the auth sub-app of the
//!   `crux_passkey` library and adds a signed-in home page.
//! - [`ffi`]: the byte-level surface for uniffi (iOS, Android) and wasm-bindgen (JS), over
//!   `crux_passkey::bridge::CheckedBridge`.

pub mod app;
pub mod ffi;

pub use app::{App, Effect, Event, Model, ViewModel};
pub use crux_core::Core;

#[cfg(feature = "uniffi")]
uniffi::setup_scaffolding!();
