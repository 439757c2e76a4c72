//! Bounds on how long a flow waits for the shell, with the ecosystem's time protocol
//! (`crux_time::TimeRequest`), so a shell that already runs crux_time timers needs nothing new.
//!
//! crux_time's own command builders panic when a shell answers a timer with the wrong
//! variant, and a panic inside the core poisons its locks for good. These commands treat any
//! answer but the expected `DurationElapsed` as "the timer did not fire".

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crux_core::Command;
use crux_time::{TimeRequest, TimeResponse, TimerId};
use futures::channel::oneshot;
use futures::future::{self, Either};

use super::event::Reply;
use super::{AuthEvent, Effect};

/// Ids start high, so they cannot meet the ids crux_time's own timers count up from 1 in the
/// same shell.
static NEXT_TIMER: AtomicUsize = AtomicUsize::new(1 << 30);

/// Clears its timer when dropped.
#[derive(Debug)]
pub struct TimerGuard {
    _clear: oneshot::Sender<()>,
}

/// Asks the shell to answer after `after`; when it does, the flow waiting on `tag` times out.
/// The timer is cleared (a `Clear` request) as soon as the returned guard is dropped.
pub fn start(tag: u64, after: Duration) -> (Command<Effect, AuthEvent>, TimerGuard) {
    let id = TimerId(NEXT_TIMER.fetch_add(1, Ordering::Relaxed));
    let (clear, cleared) = oneshot::channel::<()>();
    let nanos = u64::try_from(after.as_nanos()).unwrap_or(u64::MAX);
    let command = Command::new(move |ctx| async move {
        let elapsed = ctx.request_from_shell(TimeRequest::NotifyAfter {
            id,
            duration: crux_time::Duration::new(nanos),
        });
        match future::select(elapsed, cleared).await {
            Either::Left((TimeResponse::DurationElapsed { id: fired }, _)) if fired == id => {
                ctx.send_event(AuthEvent::answer(tag, Reply::TimedOut));
            }
            Either::Left(_) => {}
            // The guard was dropped: the flow got its answer or ended.
            Either::Right(_) => {
                let _cleared = ctx.request_from_shell(TimeRequest::Clear { id }).await;
            }
        }
    });
    (command, TimerGuard { _clear: clear })
}
