//! The notes app: the auth sub-app nested beside the app's own state.

use crux_core::{Command, macros::effect, render::RenderOperation, render::render};
use crux_http::HttpRequest;
use crux_passkey::auth::{self, Auth, AuthEvent, AuthViewModel, Transition};
use crux_passkey::passkey::PasskeyOperation;
use crux_passkey::session_store::SessionStoreOperation;
use crux_time::TimeRequest;
use facet::Facet;
use serde::{Deserialize, Serialize};

use crate::note_store::{self, NoteStoreOperation};

#[effect]
#[derive(Debug)]
pub enum Effect {
    Render(RenderOperation),
    // What the auth sub-app needs from the shell.
    Http(HttpRequest),
    Passkey(PasskeyOperation),
    SessionStore(SessionStoreOperation),
    Time(TimeRequest),
    // The app's own.
    NoteStore(NoteStoreOperation),
}

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[repr(C)]
pub enum Event {
    /// Signing in and out, and passkeys.
    Auth(AuthEvent),
    AddNote { text: String },

    #[serde(skip)]
    #[facet(skip)]
    NotesLoaded {
        owner: String,
        #[facet(opaque)]
        result: Result<Vec<String>, String>,
    },
    #[serde(skip)]
    #[facet(skip)]
    NotesSaved(#[facet(opaque)] Result<(), String>),
}

#[derive(Debug, Default)]
pub struct Model {
    auth: auth::Model,
    /// The signed-in person's user id: notes belong to them.
    owner: Option<String>,
    notes: Vec<String>,
    problem: Option<String>,
}

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ViewModel {
    pub auth: AuthViewModel,
    pub notes: Vec<String>,
    /// Notes can be written only while someone is signed in.
    pub can_write: bool,
    pub problem: Option<String>,
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
                let command = command
                    .map_event(Event::Auth)
                    .map_effect(auth::Effect::into_host);
                match transition {
                    Some(transition) => command.and(on_transition(transition, model)),
                    None => command,
                }
            }
            Event::AddNote { text } => {
                let text = text.trim();
                let Some(owner) = model.owner.clone() else {
                    return Command::done();
                };
                if text.is_empty() {
                    return Command::done();
                }
                model.notes.push(text.to_owned());
                let save = note_store::command::save(owner, model.notes.clone())
                    .then_send(Event::NotesSaved);
                render().and(save)
            }
            Event::NotesLoaded { owner, result } => {
                // A late answer for someone who has since signed out is not shown to anyone.
                if model.owner.as_deref() != Some(owner.as_str()) {
                    return Command::done();
                }
                match result {
                    Ok(notes) => model.notes = notes,
                    Err(detail) => model.problem = Some(format!("Your notes couldn't be loaded: {detail}")),
                }
                render()
            }
            Event::NotesSaved(result) => {
                if let Err(detail) = result {
                    model.problem = Some(format!("Your note wasn't saved: {detail}"));
                }
                render()
            }
        }
    }

    fn view(&self, model: &Model) -> ViewModel {
        ViewModel {
            auth: crux_core::App::view(&self.auth, &model.auth),
            notes: model.notes.clone(),
            can_write: model.owner.is_some(),
            problem: model.problem.clone(),
        }
    }
}

/// What the app does when the session changes: load the person's notes, or put them away.
fn on_transition(transition: Transition, model: &mut Model) -> Command<Effect, Event> {
    match transition {
        Transition::SignedIn { user } | Transition::SignedUp { user } => {
            model.owner = Some(user.id.clone());
            model.notes.clear();
            model.problem = None;
            let owner = user.id;
            note_store::command::load(owner.clone())
                .then_send(move |result| Event::NotesLoaded { owner, result })
        }
        Transition::SignedOut | Transition::SessionEnded => {
            model.owner = None;
            model.notes.clear();
            model.problem = None;
            render()
        }
        Transition::UserUpdated { .. } | Transition::PasskeysChanged => Command::done(),
    }
}
