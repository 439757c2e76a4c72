//! The auth sub-app: sign-up, sign-in (with a username, usernameless and autofill), session
//! restore, sign-out and passkey management, as a complete Crux app that any host nests.
//!
//! A host keeps an [`Model`] in its own model, wraps [`AuthEvent`] in one of its events, and maps the
//! returned command with [`Command::map_event`] and [`Effect::into_host`]; see `shared::App`.

pub mod client;
mod event;
mod model;
mod notice;
mod update;
mod view;

pub use event::{Answer, AuthEvent, Ceremony};
pub use model::{Activity, Model, Notice, NoticeKind, Screen};
pub use view::AuthViewModel;

use crux_core::{Command, Request, macros::effect, render::RenderOperation};
use crux_http::HttpRequest;

use crate::passkey::PasskeyOperation;

#[effect(facet_typegen)]
#[derive(Debug)]
pub enum Effect {
    Render(RenderOperation),
    Http(HttpRequest),
    Passkey(PasskeyOperation),
}

impl Effect {
    /// Re-wraps this effect as the host app's effect. Any host whose effect type carries
    /// render, HTTP and passkey requests can nest the auth sub-app with this.
    pub fn into_host<Host>(self) -> Host
    where
        Host: From<Request<RenderOperation>>
            + From<Request<HttpRequest>>
            + From<Request<PasskeyOperation>>,
    {
        match self {
            Self::Render(request) => request.into(),
            Self::Http(request) => request.into(),
            Self::Passkey(request) => request.into(),
        }
    }
}

#[derive(Default)]
pub struct Auth;

impl crux_core::App for Auth {
    type Event = AuthEvent;
    type Model = Model;
    type ViewModel = AuthViewModel;
    type Effect = Effect;

    fn update(&self, event: AuthEvent, model: &mut Model) -> Command<Effect, AuthEvent> {
        update::update(event, model)
    }

    fn view(&self, model: &Model) -> AuthViewModel {
        view::view(model)
    }
}
