//! Background removal of expired ceremonies and sessions (and idle rate-limit buckets).

use tokio::task::JoinHandle;

use crate::AppState;
use crate::clock;

pub fn spawn(state: AppState) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(state.config.purge_interval);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            match state.store.purge_expired(clock::now()).await {
                Ok((0, 0)) => {}
                Ok((ceremonies, sessions)) => {
                    tracing::debug!(ceremonies, sessions, "purged expired records");
                }
                Err(err) => tracing::warn!(%err, "purging expired records failed"),
            }
            state.rate_limiter.forget_idle(&state.store).await;
        }
    })
}
