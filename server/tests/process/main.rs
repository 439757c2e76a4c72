//! Tests of the built server binary as real processes on loopback: two instances sharing one
//! PostgreSQL database, and a SIGKILL in the middle of a registration load.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    dead_code
)]

#[path = "../api/authenticator.rs"]
mod authenticator;
#[path = "../common/pg.rs"]
mod pg;
mod process;

mod connections;
mod crash;
mod flows;
mod operations;
mod two_instances;
