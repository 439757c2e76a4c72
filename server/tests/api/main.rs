//! The server's API tests: the real router in-process, a software authenticator, a fresh
//! SQLite database per test.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    dead_code
)]

mod authenticator;
mod harness;

mod guards;
mod login;
mod passkeys;
mod registration;
mod sessions;
mod well_known;
