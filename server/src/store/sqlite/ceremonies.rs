//! Pending ceremonies in this process's memory rather than in the file.
//!
//! A SQLite file is served by one process, so no other instance needs to see them, and
//! keeping them here saves a sign-in two writes (store, then consume). The cost, documented
//! in docs/design-notes.md: a ceremony started before a crash or restart is gone after it,
//! and its user starts again (`CEREMONY_NOT_FOUND`). Nothing that was answered as done is
//! lost: accounts, passkeys and sessions are still committed to the file before the answer.

use std::collections::HashMap;
use std::sync::Mutex;

use super::Engine;
use crate::error::{ApiError, ApiResult};

struct Pending {
    kind: String,
    state: String,
    expires_at: i64,
}

#[derive(Default)]
pub struct Ceremonies(Mutex<HashMap<String, Pending>>);

impl Ceremonies {
    fn map(&self) -> ApiResult<std::sync::MutexGuard<'_, HashMap<String, Pending>>> {
        self.0
            .lock()
            .map_err(|_| ApiError::internal("the ceremony table was poisoned"))
    }
}

impl Engine {
    pub fn put_ceremony(
        &self,
        id: &str,
        kind: &str,
        state: &str,
        expires_at: i64,
    ) -> ApiResult<()> {
        let pending = Pending {
            kind: kind.to_owned(),
            state: state.to_owned(),
            expires_at,
        };
        self.ceremonies.map()?.insert(id.to_owned(), pending);
        Ok(())
    }

    /// Removes it whatever happens next, so it is finished at most once; `(kind, state)`
    /// when it existed and had not expired.
    pub fn take_ceremony(&self, id: &str, now: i64) -> ApiResult<Option<(String, String)>> {
        let taken = self.ceremonies.map()?.remove(id);
        Ok(taken
            .filter(|p| p.expires_at > now)
            .map(|p| (p.kind, p.state)))
    }

    /// The state of a pending ceremony, without consuming it.
    pub fn peek_ceremony(&self, id: &str) -> ApiResult<Option<String>> {
        Ok(self.ceremonies.map()?.get(id).map(|p| p.state.clone()))
    }

    pub fn count_ceremonies(&self) -> ApiResult<i64> {
        Ok(i64::try_from(self.ceremonies.map()?.len()).unwrap_or(i64::MAX))
    }

    pub fn purge_expired_ceremonies(&self, now: i64) -> ApiResult<u64> {
        let mut map = self.ceremonies.map()?;
        let before = map.len();
        map.retain(|_, p| p.expires_at > now);
        Ok((before - map.len()) as u64)
    }
}
