//! Bounds on how long a flow waits for the shell, with the ecosystem's time protocol
//! (`crux_time::TimeRequest`), so a shell that already runs crux_time timers needs nothing new.
//!
//! crux_time's own command builders panic when a shell answers a timer with the wrong variant,
//! and a panic inside the core poisons its locks for good: this command treats any answer but
//! the expected `DurationElapsed` as "the timer did not fire".
//!
//! Timers are never cleared. crux_time's convention is that a shell does not answer a cleared
//! timer's request, so every cleared timer would stay open in the bridge's registry for the life
//! of the app. Left alone, a timer fires once within its bound and is forgotten; when the flow
//! it guarded has moved on, its answer carries a stale tag and is dropped.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crux_core::Command;
use crux_time::{TimeRequest, TimeResponse, TimerId};

use super::event::Reply;
use super::{AuthEvent, Effect};

/// Ids start high, so they cannot meet the ids crux_time's own timers count up from 1 in the
/// same shell.
static NEXT_TIMER: AtomicUsize = AtomicUsize::new(1 << 30);

/// Asks the shell to answer after `after`; when it does, the flow step tagged `tag` times out
/// (unless it has been answered by then).
pub fn start(tag: u64, after: Duration) -> Command<Effect, AuthEvent> {
    let id = TimerId(NEXT_TIMER.fetch_add(1, Ordering::Relaxed));
    let nanos = u64::try_from(after.as_nanos()).unwrap_or(u64::MAX);
    Command::new(move |ctx| async move {
        let fired = ctx
            .request_from_shell(TimeRequest::NotifyAfter {
                id,
                duration: crux_time::Duration::new(nanos),
            })
            .await;
        if fired == (TimeResponse::DurationElapsed { id }) {
            ctx.send_event(AuthEvent::answer(tag, Reply::TimedOut));
        }
    })
}
