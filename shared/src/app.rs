//! The demo host app: it nests the auth sub-app and adds a signed-in home page.

use crux_core::{Command, macros::effect, render::RenderOperation};
use crux_http::HttpRequest;
use facet::Facet;
use serde::{Deserialize, Serialize};

use crux_passkey::auth::{self, Auth, Screen};
use crux_passkey::bridge::{Pending, ShellEffect};
use crux_passkey::passkey::PasskeyOperation;

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[repr(C)]
pub enum Event {
    /// Everything about signing in, up and out, and passkeys.
    Auth(auth::AuthEvent),
}

#[effect(facet_typegen)]
#[derive(Debug)]
pub enum Effect {
    Render(RenderOperation),
    Http(HttpRequest),
    Passkey(PasskeyOperation),
}

#[derive(Debug, Default)]
pub struct Model {
    pub auth: auth::Model,
}

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ViewModel {
    pub auth: auth::AuthViewModel,
    /// Present once someone is signed in.
    pub home: Option<HomeView>,
}

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct HomeView {
    pub greeting: String,
    pub passkey_summary: String,
}

#[derive(Default)]
pub struct App {
    auth: Auth,
}

impl crux_core::App for App {
    type Event = Event;
    type Model = Model;
    type ViewModel = ViewModel;
    type Effect = Effect;

    fn update(&self, event: Event, model: &mut Model) -> Command<Effect, Event> {
        match event {
            Event::Auth(event) => self
                .auth
                .update(event, &mut model.auth)
                .map_event(Event::Auth)
                .map_effect(auth::Effect::into_host),
        }
    }

    fn view(&self, model: &Model) -> ViewModel {
        let auth = self.auth.view(&model.auth);
        let home = match (&auth.screen, &auth.user) {
            (Screen::SignedIn, Some(user)) => Some(HomeView {
                greeting: format!("Hello, {}", user.display_name),
                passkey_summary: match auth.passkeys.len() {
                    1 => "You have 1 passkey.".to_owned(),
                    count => format!("You have {count} passkeys."),
                },
            }),
            _ => None,
        };
        ViewModel { auth, home }
    }
}

/// How the demo's effects cross `crux_passkey::bridge::CheckedBridge`.
impl ShellEffect<App> for Effect {
    type Ffi = EffectFfi;

    fn into_shell(self) -> (EffectFfi, Option<Pending<App>>) {
        match self {
            Self::Render(request) => Pending::split(request, EffectFfi::Render),
            Self::Http(request) => Pending::split(request, EffectFfi::Http),
            Self::Passkey(request) => Pending::split(request, EffectFfi::Passkey),
        }
    }
}
