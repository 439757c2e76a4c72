//! The time effect (crux_time's protocol) with `setTimeout`: timers the core bounds its flows
//! with, cleared when the core says so.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crux_time::{Instant, TimeRequest, TimerId};
use leptos::prelude::{TimeoutHandle, set_timeout_with_handle};

/// `setTimeout` takes at most 2³¹−1 ms; a longer delay would fire at once.
const MAX_DELAY: Duration = Duration::from_millis(i32::MAX as u64);

/// The timers that have not fired yet, by the core's id.
#[derive(Clone, Default)]
pub struct Timers {
    open: Arc<Mutex<HashMap<TimerId, TimeoutHandle>>>,
}

impl Timers {
    /// Calls `fire` after `delay` unless timer `id` is cleared first.
    pub fn start(&self, id: TimerId, delay: Duration, fire: impl FnOnce() + 'static) {
        let open = Arc::clone(&self.open);
        let handle = set_timeout_with_handle(
            move || {
                if let Ok(mut open) = open.lock() {
                    open.remove(&id);
                }
                fire();
            },
            delay.min(MAX_DELAY),
        );
        match handle {
            Ok(handle) => {
                if let Ok(mut open) = self.open.lock() {
                    open.insert(id, handle);
                }
            }
            // No timer: the flow it guards still ends with its own answer or a sign-out.
            Err(error) => leptos::logging::warn!("could not start a timer: {error:?}"),
        }
    }

    /// Cancels timer `id`; its notify request is never answered, as crux_time expects.
    pub fn clear(&self, id: TimerId) {
        if let Some(handle) = self.open.lock().ok().and_then(|mut open| open.remove(&id)) {
            handle.clear();
        }
    }
}

/// How long until the timer in `request` is due, measured from `now_ms` (ms since the epoch).
#[must_use]
pub fn delay(request: &TimeRequest, now_ms: f64) -> Option<Duration> {
    match request {
        TimeRequest::NotifyAfter { duration, .. } => Some((*duration).into()),
        TimeRequest::NotifyAt { instant, .. } => {
            let due: std::time::SystemTime = (*instant).into();
            let due_ms = due
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0.0, |since| since.as_secs_f64() * 1000.0);
            Some(Duration::from_secs_f64(((due_ms - now_ms) / 1000.0).max(0.0)))
        }
        TimeRequest::Now | TimeRequest::Clear { .. } => None,
    }
}

/// The current time as crux_time's `Instant`, from `Date.now()` (ms since the epoch).
#[must_use]
pub fn instant_from_ms(now_ms: f64) -> Instant {
    let now_ms = now_ms.max(0.0);
    let seconds = (now_ms / 1000.0).floor();
    // Both are in range: seconds since 1970 fit in u64, and the remainder is under 1e9 ns.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let nanos = ((now_ms - seconds * 1000.0) * 1_000_000.0) as u32;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    Instant::new(seconds as u64, nanos.min(999_999_999))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use crux_time::{Instant, TimeRequest, TimerId};

    use super::{delay, instant_from_ms};

    #[test]
    fn delays_come_from_the_request() {
        let after = TimeRequest::NotifyAfter {
            id: TimerId(1),
            duration: Duration::from_secs(30).into(),
        };
        assert_eq!(delay(&after, 0.0), Some(Duration::from_secs(30)));
        let at = TimeRequest::NotifyAt {
            id: TimerId(2),
            instant: Instant::new(100, 0),
        };
        assert_eq!(delay(&at, 90_000.0), Some(Duration::from_secs(10)));
        assert_eq!(delay(&at, 200_000.0), Some(Duration::ZERO), "past is now");
        assert_eq!(delay(&TimeRequest::Now, 0.0), None);
    }

    #[test]
    fn now_splits_milliseconds_into_seconds_and_nanos() {
        assert_eq!(instant_from_ms(1_500.5), Instant::new(1, 500_500_000));
    }
}
