//! The shell's side of the core's effects.

pub mod error_names;
pub mod http;
pub mod passkey;
pub mod session_store;
pub mod time;
