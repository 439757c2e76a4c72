//! The session store capability: the core asks the shell to keep one secret (the signed-in
//! session) between launches, to read it back and to forget it.
//!
//! A dedicated capability rather than a key-value store, because what it holds is a bearer
//! credential: a shell maps it to the platform's secret storage (Keychain on Apple platforms,
//! EncryptedSharedPreferences on Android), never to the plain key-value storage a host may
//! already route `crux_kv` to. A web shell keeps nothing (the HttpOnly cookie is the web's
//! session): it answers `Load` with no value and `Save` and `Delete` with `Done`.
//!
//! The value is opaque to the shell: store it and give it back byte for byte.
//! The command builders live in [`command`].

pub mod command;

pub use command::{delete, load, save};

use crux_core::capability::Operation;
use facet::Facet;
use serde::{Deserialize, Serialize};

/// What the core asks the shell's secret storage to do.
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[repr(C)]
pub enum SessionStoreOperation {
    /// Read the kept value, if any.
    Load,
    /// Keep `value`, replacing any kept before.
    Save {
        /// Opaque to the shell, and secret.
        value: String,
    },
    /// Forget the kept value; done also when nothing was kept.
    Delete,
}

/// The shell's answer to a [`SessionStoreOperation`].
#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[repr(C)]
pub enum SessionStoreResult {
    /// The answer to `Load`: the kept value, or `None` when nothing is kept.
    Loaded {
        /// Exactly what was saved.
        value: Option<String>,
    },
    /// `Save` or `Delete` succeeded.
    Done,
    /// The platform's storage failed; `detail` keeps its own error code or text.
    Failed {
        /// For logs.
        detail: String,
    },
}

impl Operation for SessionStoreOperation {
    type Output = SessionStoreResult;
}

/// The storage failed, or answered `Load` with something other than a value (or the reverse).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreError {
    /// What went wrong, for logs.
    pub detail: String,
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "session store: {}", self.detail)
    }
}

impl std::error::Error for StoreError {}
