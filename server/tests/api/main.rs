//! The server's API tests: the real router in-process, a software authenticator, a fresh
//! SQLite database per test; `backends` runs the core flows on PostgreSQL too.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    dead_code
)]

mod authenticator;
mod harness;
#[path = "../common/pg.rs"]
mod pg;

mod backends;
mod bounds;
mod browser_rules;
mod domain_names;
mod durability;

mod guards;
mod health;
mod login;
mod me;
mod names;
mod passkeys;
mod providers;
mod registration;
mod sessions;
mod stolen_sessions;
mod well_known;
