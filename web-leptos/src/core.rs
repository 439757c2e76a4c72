//! Runs the core in the page: events in, effects performed, answers resolved, view published.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crux_core::{Core, Request, Resolvable};
use crux_passkey::auth::AuthEvent;
use crux_time::{TimeRequest, TimeResponse};
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::{App, Effect, Event, ViewModel};

use crate::effects::time::{self, Timers};
use crate::effects::{http, passkey, session_store};

#[derive(Clone)]
pub struct CoreHandle {
    core: Arc<Core<App>>,
    pub view: RwSignal<ViewModel>,
    autofill_was_active: Arc<AtomicBool>,
    timers: Timers,
}

impl CoreHandle {
    pub fn new() -> Self {
        // Leptos wants Send + Sync handles; on wasm there is one thread, so Arc costs nothing real.
        let core = Arc::new(Core::<App>::new());
        let view = RwSignal::new(core.view());
        Self {
            core,
            view,
            autofill_was_active: Arc::new(AtomicBool::new(false)),
            timers: Timers::default(),
        }
    }

    pub fn send(&self, event: AuthEvent) {
        let effects = self.core.process_event(Event::Auth(event));
        self.perform(effects);
    }

    fn perform(&self, effects: Vec<Effect>) {
        for effect in effects {
            match effect {
                Effect::Render(_) => self.render(),
                Effect::Http(mut request) => {
                    let this = self.clone();
                    spawn_local(async move {
                        let result = http::send(request.operation.clone()).await;
                        this.resolve(&mut request, result);
                    });
                }
                Effect::Passkey(mut request) => {
                    let this = self.clone();
                    spawn_local(async move {
                        let result = passkey::perform(request.operation.clone()).await;
                        this.resolve(&mut request, result);
                    });
                }
                Effect::SessionStore(mut request) => {
                    let result = session_store::perform(&request.operation);
                    self.resolve(&mut request, result);
                }
                Effect::Time(request) => self.time(request),
            }
        }
    }

    fn time(&self, mut request: Request<TimeRequest>) {
        let now_ms = js_sys::Date::now();
        match request.operation.clone() {
            TimeRequest::NotifyAfter { id, .. } | TimeRequest::NotifyAt { id, .. } => {
                let answer = match request.operation {
                    TimeRequest::NotifyAt { .. } => TimeResponse::InstantArrived { id },
                    _ => TimeResponse::DurationElapsed { id },
                };
                let delay = time::delay(&request.operation, now_ms).unwrap_or_default();
                let this = self.clone();
                self.timers
                    .start(id, delay, move || this.resolve(&mut request, answer));
            }
            TimeRequest::Clear { id } => {
                self.timers.clear(id);
                self.resolve(&mut request, TimeResponse::Cleared { id });
            }
            TimeRequest::Now => {
                let instant = time::instant_from_ms(now_ms);
                self.resolve(&mut request, TimeResponse::Now { instant });
            }
        }
    }

    fn resolve<Op>(&self, request: &mut Request<Op>, output: Op::Output)
    where
        Op: crux_core::capability::Operation,
        Request<Op>: Resolvable<Op::Output>,
    {
        match self.core.resolve(request, output) {
            Ok(effects) => self.perform(effects),
            // Only a request the core no longer waits for can fail to resolve; nothing to do.
            Err(error) => leptos::logging::warn!("dropped an answer: {error}"),
        }
    }

    fn render(&self) {
        let view = self.core.view();
        // The core has stopped autofill (cancelled, or replaced by a modal request).
        if self
            .autofill_was_active
            .swap(view.auth.autofill_active, Ordering::Relaxed)
            && !view.auth.autofill_active
        {
            passkey::abort_conditional();
        }
        self.view.set(view);
    }
}
