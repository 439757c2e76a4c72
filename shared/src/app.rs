//! The demo host app: it nests the auth sub-app and adds a signed-in home page.

use crux_core::{Command, macros::effect, render::RenderOperation};
use crux_http::HttpRequest;
use crux_passkey::api::User;
use crux_passkey::auth::{self, Auth, AuthViewModel, PasskeyList, Transition};
use crux_passkey::bridge::{Pending, ShellEffect};
use crux_passkey::passkey::PasskeyOperation;
use crux_passkey::session_store::SessionStoreOperation;
use crux_time::TimeRequest;
use facet::Facet;
use serde::{Deserialize, Serialize};

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
    SessionStore(SessionStoreOperation),
    Time(TimeRequest),
}

#[derive(Debug, Default)]
pub struct Model {
    pub auth: auth::Model,
    /// Whose home page to show: set and cleared by the transitions the sub-app reports.
    pub home_of: Option<User>,
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
            Event::Auth(event) => {
                let (transition, command) = self.auth.handle(event, &mut model.auth).into_parts();
                match transition {
                    Some(
                        Transition::SignedIn { user }
                        | Transition::SignedUp { user }
                        | Transition::UserUpdated { user },
                    ) => model.home_of = Some(user),
                    Some(Transition::SignedOut | Transition::SessionEnded) => model.home_of = None,
                    Some(Transition::PasskeysChanged) | None => {}
                }
                command
                    .map_event(Event::Auth)
                    .map_effect(auth::Effect::into_host)
            }
        }
    }

    fn view(&self, model: &Model) -> ViewModel {
        let auth = crux_core::App::view(&self.auth, &model.auth);
        let home = model.home_of.as_ref().map(|user| home(user, &auth));
        ViewModel { auth, home }
    }
}

fn home(user: &User, auth: &AuthViewModel) -> HomeView {
    // A count only for a list the server has given.
    let passkey_summary = match (auth.passkey_list, auth.passkeys.len()) {
        (PasskeyList::Loaded, 1) => "You have 1 passkey.".to_owned(),
        (PasskeyList::Loaded, count) => format!("You have {count} passkeys."),
        (PasskeyList::Failed, _) => "Your passkeys couldn't be loaded.".to_owned(),
        (PasskeyList::Unknown | PasskeyList::Loading, _) => "Loading your passkeys…".to_owned(),
    };
    HomeView {
        greeting: format!("Hello, {}", user.display_name),
        passkey_summary,
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
            Self::SessionStore(request) => Pending::split(request, EffectFfi::SessionStore),
            Self::Time(request) => Pending::split(request, EffectFfi::Time),
        }
    }
}
