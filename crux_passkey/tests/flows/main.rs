//! Flow tests for the auth sub-app, one module per flow. Every HTTP
//! and passkey effect is answered by hand with realistic WebAuthn L3 JSON and server bodies.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[allow(dead_code)] // Parts serve the demo app's tests, which include this file.
mod harness;

mod autofill;
mod configure;
mod failures;
mod nesting;
mod passkeys;
mod reauth;
mod robustness;
mod sequences;
mod session;
mod signals;
mod sign_in;
mod sign_up;
