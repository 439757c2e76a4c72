//! The auth sub-app: sign-up, sign-in (with a username, usernameless and autofill), session
//! restore, sign-out (here, or on every device) and passkey management (re-authenticating with
//! a passkey first when the server asks), as a complete Crux app that any host nests.
//!
//! A host keeps a [`Model`] in its own model, wraps [`AuthEvent`] in one of its events, calls
//! [`Auth::handle`] and reacts to the [`Transition`] it reports, and maps the command into its
//! own types with [`Command::map_event`] and [`Effect::into_host`]. The repository's README
//! ("Add passkeys to your Crux app") shows the whole path.
//!
//! Every request the sub-app sends is tagged with the flow step it belongs to: an answer for a
//! flow that has ended (replaced, timed out, or pre-empted by a sign-out) is dropped. A flow
//! that waits longer than [`Settings`] allows ends with a `TIMED_OUT` notice.

mod client;
mod effect;
mod event;
mod model;
mod notice;
mod outcome;
mod saved_session;
mod settings;
mod signals;
mod timer;
mod update;
mod view;

pub use effect::{Effect, EffectFfi};
pub use event::{Answer, AuthEvent};
pub use model::{Activity, Model, Notice, NoticeKind, PasskeyList, Screen};
pub use outcome::{Outcome, Transition};
pub use settings::Settings;
pub use view::AuthViewModel;

use crux_core::Command;

/// The auth sub-app. `Auth::default()` uses [`Settings::default`].
#[derive(Default)]
pub struct Auth {
    settings: Settings,
}

impl Auth {
    /// An auth sub-app with these settings.
    #[must_use]
    pub const fn new(settings: Settings) -> Self {
        Self { settings }
    }

    /// Handles one event: what a host calls from its own `update`.
    pub fn handle(&self, event: AuthEvent, model: &mut Model) -> Outcome {
        let command = update::update(event, model, &self.settings);
        Outcome {
            command,
            transition: model.transition.take(),
        }
    }
}

impl crux_core::App for Auth {
    type Event = AuthEvent;
    type Model = Model;
    type ViewModel = AuthViewModel;
    type Effect = Effect;

    fn update(&self, event: AuthEvent, model: &mut Model) -> Command<Effect, AuthEvent> {
        self.handle(event, model).command
    }

    fn view(&self, model: &Model) -> AuthViewModel {
        view::view(model)
    }
}
